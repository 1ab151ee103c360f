using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Imap.Cache;

namespace Gateway.Benchmarks.Imap;

/// <summary>
/// Cost of locating sections in a cached <c>BODY[]</c> (<see cref="MimePartLocator"/>): a whole-tree scan of a 5 MB
/// message (text part, 5 MB base64 attachment, a forwarded message) and of a 50 KB one, and the header-only scan that
/// <c>BODY[HEADER]</c> needs. Allocation must not grow with the message size.
/// </summary>
[MemoryDiagnoser]
public class MimePartLocatorBenchmarks
{
    private byte[] _large = [];
    private byte[] _small = [];

    [GlobalSetup]
    public void Setup()
    {
        _large = Message(5 * 1024 * 1024);
        _small = Message(50 * 1024);
        Console.WriteLine($"// large {_large.Length} B, small {_small.Length} B");
    }

    [Benchmark]
    public Task<long> Tree5MB() => ScanAsync(_large, tree: true);

    [Benchmark]
    public Task<long> Tree50KB() => ScanAsync(_small, tree: true);

    [Benchmark]
    public Task<long> Header5MB() => ScanAsync(_large, tree: false);

    // Returns the start of the forwarded message's text (tree) or the header length.
    private static async Task<long> ScanAsync(byte[] message, bool tree)
    {
        using var stream = new MemoryStream(message, writable: false);
        var structure = await MimePartLocator.ScanAsync(stream, message.Length, tree);
        return structure.TryLocate(tree ? "3.1" : "HEADER", out var start, out var length) ? start + length : throw new InvalidOperationException("not located");
    }

    private static byte[] Message(int attachmentBytes)
    {
        var data = new byte[attachmentBytes * 3 / 4];
        new Random(6).NextBytes(data);
        var text = new StringBuilder()
            .Append("From: a@b.test\r\nTo: c@d.test\r\nSubject: report\r\nMIME-Version: 1.0\r\n")
            .Append("Content-Type: multipart/mixed; boundary=\"----=_Part_1\"\r\n\r\n")
            .Append("------=_Part_1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        for (var i = 0; i < 40; i++)
        {
            text.Append("Some text of the message, line ").Append(i).Append(".\r\n");
        }

        text.Append("\r\n------=_Part_1\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
            .Append(Convert.ToBase64String(data, Base64FormattingOptions.InsertLineBreaks))
            .Append("\r\n------=_Part_1\r\nContent-Type: message/rfc822\r\n\r\nSubject: fwd\r\n\r\nforwarded\r\n------=_Part_1--\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
