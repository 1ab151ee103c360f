using System.Text;
using MimeKit;

namespace Gateway.Smtp.Tests.Relay;

/// <summary>
/// The relay hands MailKit a message parsed from the received file; what MailKit writes must be the received
/// bytes, or "byte-identical" delivery breaks. These pin the MimeKit behaviour the relay relies on.
/// </summary>
public sealed class ByteFidelityTests
{
    public static TheoryData<string> Messages => new()
    {
        "From: Alice <alice@lab.test>\r\nTo: bob@lab.test\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n\r\nHello\r\n",
        "From: alice@lab.test\r\nTo: bob@lab.test\r\nSubject: Grüße aus Köln\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nÄÖÜ äöü ß — 日本語\r\n",
        "From: alice@lab.test\r\nSubject: folded\r\n  header\r\nX-Odd:   spacing  \r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n boundary=\"b1\"\r\n\r\npreamble text\r\n--b1\r\nContent-Type: text/plain\r\n\r\npart one\r\n--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQFBgcICQ==\r\n--b1--\r\nepilogue\r\n",
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void PersistentLoad_ThenWriteAsMailKitDoes_GivesTheSameBytes(string text)
    {
        var original = Encoding.UTF8.GetBytes(text);
        using var file = new MemoryStream(original);
        using var message = MimeMessage.Load(ParserOptions.Default, file, persistent: true);
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        var written = new MemoryStream();

        message.WriteTo(options, written);

        Assert.Equal(text, Encoding.UTF8.GetString(written.ToArray()));
    }
}
