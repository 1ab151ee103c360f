using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Gateway.Smtp.Front;

namespace Gateway.Smtp.Tests.Front;

public sealed class DotDecoderTests
{
    [Theory]
    [InlineData(".\r\n", "")]
    [InlineData("Subject: x\r\n\r\nbody\r\n.\r\n", "Subject: x\r\n\r\nbody\r\n")]
    [InlineData("..leading dot\r\n.\r\n", ".leading dot\r\n")]
    [InlineData("a\r\n..\r\n.\r\n", "a\r\n.\r\n")]
    [InlineData("a\r\n.x\r\n.\r\n", "a\r\nx\r\n")]
    [InlineData("bare\nLF\n.\nstill body\r\n.\r\n", "bare\nLF\n.\nstill body\r\n")]
    [InlineData("a\r\n.\rX\r\n.\r\n", "a\r\n\rX\r\n")]
    [InlineData("cr\ronly\r\n.\r\n", "cr\ronly\r\n")]
    public void Decode_WholeInput_UnstuffsAndStopsAtTheEnd(string wire, string expected)
    {
        var (done, consumed, output) = DecodeInPieces(Encoding.ASCII.GetBytes(wire + "NEXT COMMAND\r\n"), chunk: int.MaxValue);

        Assert.True(done);
        Assert.Equal(wire.Length, consumed);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Decode_WithoutTerminator_ConsumesEverythingAndIsNotDone()
    {
        var (done, consumed, output) = DecodeInPieces("line\r\n.\r"u8.ToArray(), int.MaxValue);

        Assert.False(done);
        Assert.Equal(8, consumed);
        Assert.Equal("line\r\n", output);
    }

    [Fact]
    public void Decode_EveryChunkSize_GivesTheSameResult()
    {
        var wire = Encoding.ASCII.GetBytes("..a\r\n\r\n.\rb\r\n...\r\nx\r\r\n.\r\nrest");
        var whole = DecodeInPieces(wire, int.MaxValue);
        for (var chunk = 1; chunk < wire.Length; chunk++)
        {
            Assert.Equal(whole, DecodeInPieces(wire, chunk));
        }
    }

    [FsCheck.Xunit.Property]
    public Property StuffThenDecode_RoundTrips() => Prop.ForAll(
        Gen.Elements("", ".", "..", "a", ".a", "\r", "\n", "\r\n", "x.y").ListOf().Select(l => string.Concat(l)).ToArbitrary(),
        Gen.Choose(1, 7).ToArbitrary(),
        (body, chunk) =>
        {
            var message = body.EndsWith("\r\n", StringComparison.Ordinal) ? body : body + "\r\n";
            var (done, _, output) = DecodeInPieces(Encoding.ASCII.GetBytes(Stuff(message) + ".\r\n"), chunk);
            return done && output == message;
        });

    /// <summary>RFC 5321 §4.5.2, as a sending client does it: a dot at the start of a line gets another.</summary>
    private static string Stuff(string message)
    {
        var result = new StringBuilder();
        var lineStart = true;
        for (var i = 0; i < message.Length; i++)
        {
            if (lineStart && message[i] == '.')
            {
                result.Append('.');
            }

            result.Append(message[i]);
            lineStart = message[i] == '\n' && i > 0 && message[i - 1] == '\r';
        }

        return result.ToString();
    }

    private static (bool Done, int Consumed, string Output) DecodeInPieces(byte[] wire, int chunk)
    {
        var decoder = new DotDecoder();
        var output = new List<byte>();
        var offset = 0;
        while (offset < wire.Length)
        {
            var piece = wire.AsSpan(offset, Math.Min(chunk, wire.Length - offset));
            var buffer = new byte[piece.Length + 1];
            var done = decoder.Decode(piece, buffer, out var used, out var written);
            output.AddRange(buffer.AsSpan(0, written).ToArray());
            offset += used;
            if (done)
            {
                return (true, offset, Encoding.ASCII.GetString(output.ToArray()));
            }
        }

        return (false, offset, Encoding.ASCII.GetString(output.ToArray()));
    }
}
