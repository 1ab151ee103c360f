using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Gateway.Pop3.Wire;

namespace Gateway.Pop3.Tests.Wire;

public sealed class Pop3BodyEncoderTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("a\r\nb\r\n", "a\r\nb\r\n")]
    [InlineData("a\nb\n", "a\r\nb\r\n")]
    [InlineData(".x\r\n..\r\n.\r\n", "..x\r\n...\r\n..\r\n")]
    [InlineData("x\n.\n", "x\r\n..\r\n")]
    [InlineData(".", "..")]
    [InlineData("a.b\r\n .c\r\n", "a.b\r\n .c\r\n")]
    [InlineData("cr\ronly\r\n", "cr\ronly\r\n")]
    [InlineData("cr\r.dot\r\n", "cr\r.dot\r\n")]
    [InlineData("a\0b\r\n", "a\u0080b\r\n")]
    [InlineData("no end", "no end")]
    public void Encode_Retr_NormalisesStuffsAndReplacesNul(string message, string expected)
    {
        var (output, _, _) = EncodeInPieces(Latin1(message), int.MaxValue);
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("a\r\nb\r\n", 6)]
    [InlineData("a\nb\n", 6)]
    [InlineData(".a\r\n..\r\n", 8)]
    [InlineData("a\0\r\n", 4)]
    [InlineData("no end", 6)]
    public void Size_IsTheCrlfMessageBeforeDotStuffing(string message, long size)
    {
        var (_, actual, _) = EncodeInPieces(Latin1(message), int.MaxValue);
        Assert.Equal(size, actual);
    }

    [Fact]
    public void Encode_EveryChunking_GivesTheSameOutputAndSize()
    {
        var message = Latin1(".a\r\n\n.\r\r\nb\0\n..\r\nlast.\r\n\r\n.body\nend");
        var whole = EncodeInPieces(message, int.MaxValue);
        for (var chunk = 1; chunk < message.Length; chunk++)
        {
            Assert.Equal(whole, EncodeInPieces(message, chunk));
        }
    }

    [Fact]
    public void Encode_LineLongerThan998Octets_IsNotSplit()
    {
        var line = new string('x', 5000);
        var (output, size, atLineStart) = EncodeInPieces(Latin1($"Subject: long\r\n\r\n.{line}\n"), 700);
        Assert.Equal($"Subject: long\r\n\r\n..{line}\r\n", output);
        Assert.Equal(15 + 2 + 1 + 5000 + 2, size);
        Assert.True(atLineStart);
    }

    [Fact]
    public void AtLineStart_IsFalseAfterALastLineWithoutLineEnd()
    {
        Assert.False(EncodeInPieces(Latin1("a\r\nb"), int.MaxValue).AtLineStart);
        Assert.True(EncodeInPieces(Latin1("a\r\nb\n"), int.MaxValue).AtLineStart);
        Assert.True(EncodeInPieces([], int.MaxValue).AtLineStart);
    }

    [Theory]
    [InlineData(0, "From: a\r\nSubject: b\r\n\r\n")]
    [InlineData(1, "From: a\r\nSubject: b\r\n\r\n..one\r\n")]
    [InlineData(2, "From: a\r\nSubject: b\r\n\r\n..one\r\n\r\n")]
    [InlineData(3, "From: a\r\nSubject: b\r\n\r\n..one\r\n\r\nthree\r\n")]
    [InlineData(10, "From: a\r\nSubject: b\r\n\r\n..one\r\n\r\nthree\r\nfour")]
    public void Encode_Top_SendsHeaderBlankLineAndNBodyLines(int lines, string expected)
    {
        var message = Latin1("From: a\nSubject: b\r\n\n.one\r\n\nthree\r\nfour");
        for (var chunk = 1; chunk <= message.Length; chunk++)
        {
            Assert.Equal(expected, EncodeInPieces(message, chunk, lines).Output);
        }
    }

    [Fact]
    public void Encode_TopOfAMessageWithoutBody_SendsAllOfIt()
    {
        var encoder = new Pop3BodyEncoder(0);
        var input = Latin1("From: a\r\nSubject: b\r\n");
        var output = new byte[input.Length * 2];
        var written = encoder.Encode(input, output);
        Assert.Equal("From: a\r\nSubject: b\r\n", Encoding.Latin1.GetString(output, 0, written));
        Assert.False(encoder.Done);
    }

    [Fact]
    public void Encode_OutputSmallerThanTwiceTheInput_Throws()
    {
        var encoder = new Pop3BodyEncoder();
        Assert.Throws<ArgumentException>(() => encoder.Encode(new byte[10], new byte[19]));
    }

    [FsCheck.Xunit.Property]
    public Property Encode_ThenUnstuff_IsTheNormalisedMessage_AndSizeItsLength() => Prop.ForAll(
        Gen.Elements("", ".", "..", "a", ".a", "\r", "\n", "\r\n", "\0", "\u00e9", "x.y").ListOf().Select(l => string.Concat(l)).ToArbitrary(),
        Gen.Choose(1, 9).ToArbitrary(),
        (message, chunk) =>
        {
            var (output, size, _) = EncodeInPieces(Latin1(message), chunk);
            var normalised = Normalise(message);
            return Unstuff(output) == normalised && size == normalised.Length && !output.Contains('\0', StringComparison.Ordinal);
        });

    // The reference: a bare LF gets a CR, NUL becomes 0x80.
    private static string Normalise(string message)
    {
        var result = new StringBuilder();
        for (var i = 0; i < message.Length; i++)
        {
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r'))
            {
                result.Append('\r');
            }

            result.Append(message[i] == '\0' ? '\u0080' : message[i]);
        }

        return result.ToString();
    }

    // What a POP3 client does (RFC 1939 §3): a line that starts with "." loses it.
    private static string Unstuff(string wire)
    {
        var lines = wire.Split("\r\n");
        return string.Join("\r\n", lines.Select(l => l.StartsWith('.') ? l[1..] : l));
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static (string Output, long Size, bool AtLineStart) EncodeInPieces(byte[] message, int chunk, int topLines = -1)
    {
        var encoder = new Pop3BodyEncoder(topLines);
        var output = new List<byte>();
        for (var offset = 0; offset < message.Length && !encoder.Done; offset += chunk)
        {
            var piece = message.AsSpan(offset, Math.Min(chunk, message.Length - offset));
            var buffer = new byte[piece.Length * 2];
            var written = encoder.Encode(piece, buffer);
            output.AddRange(buffer.AsSpan(0, written).ToArray());
        }

        return (Encoding.Latin1.GetString(output.ToArray()), encoder.Size, encoder.AtLineStart);
    }
}
