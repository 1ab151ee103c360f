using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.FreeBusy.Wire;

namespace Gateway.FreeBusy.Tests.Wire;

public sealed class FtpReplyWriterTests
{
    [Fact]
    public void Format_OneLine_IsCodeSpaceTextCrlf() =>
        Assert.Equal("226 Transfer complete.\r\n", Encoding.UTF8.GetString(FtpReplyWriter.Format(226, "Transfer complete.")));

    [Fact]
    public void Format_SeveralLines_IsAMultiLineReplyWithPaddedDigitLines() =>
        Assert.Equal(
            "211-Features:\r\n EPSV\r\n 2 lines start with a digit\r\n211 End\r\n",
            Encoding.UTF8.GetString(FtpReplyWriter.Format(211, "Features:\n EPSV\n2 lines start with a digit\nEnd")));

    [Fact]
    public void Format_ControlCharacters_BecomeQuestionMarks() =>
        Assert.Equal("550 a?b?c\r\n", Encoding.UTF8.GetString(FtpReplyWriter.Format(550, "a\rb\0c")));

    [Fact]
    public void QuotePath_DoublesQuotes() =>
        Assert.Equal("\"/pub/\"\"x\"\"\"", FtpReplyWriter.QuotePath("/pub/\"x\""));

    /// <summary>Whatever the text, the reply parses back as one reply of that code: only its last line starts with "code ".</summary>
    [Property(MaxTest = 300)]
    public bool Format_AnyText_KeepsTheReplyFraming(NonNull<string> text)
    {
        var lines = Encoding.UTF8.GetString(FtpReplyWriter.Format(250, text.Get)).Split("\r\n");
        var body = lines[..^1];
        return lines[^1].Length == 0
            && body.All(l => !l.Contains('\r', StringComparison.Ordinal) && !l.Contains('\n', StringComparison.Ordinal))
            && body[^1].StartsWith("250 ", StringComparison.Ordinal)
            && (body.Length == 1 || body[0].StartsWith("250-", StringComparison.Ordinal))
            && (body.Length < 3 || body[1..^1].All(l => l.Length == 0 || !char.IsAsciiDigit(l[0])));
    }
}
