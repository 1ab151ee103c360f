using System.Buffers;
using System.Text;
using Gateway.Imap.Wire;

namespace Gateway.Imap.Tests.Wire;

public sealed class ImapWriterTests
{
    private static string Write(Action<ImapWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new ImapWriter(buffer));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData("INBOX", false, "INBOX")]
    [InlineData("INBOX.Calendar", false, "INBOX.Calendar")]
    [InlineData("[Gmail]/Sent", false, "[Gmail]/Sent")]
    [InlineData("", false, "\"\"")]
    [InlineData("NIL", false, "\"NIL\"")]
    [InlineData("nil", false, "\"nil\"")]
    [InlineData("Sent Items", false, "\"Sent Items\"")]
    [InlineData("INBOX.%", false, "\"INBOX.%\"")]
    [InlineData("a*", false, "\"a*\"")]
    [InlineData("a\"b\\c", false, "\"a\\\"b\\\\c\"")]
    [InlineData("Entwürfe", false, "\"Entwürfe\"")]
    [InlineData("(x)", false, "\"(x)\"")]
    [InlineData("{5}", false, "\"{5}\"")]
    [InlineData("a\r\nb", false, "{4}\r\na\r\nb")]
    [InlineData("a\r\nb", true, "{4+}\r\na\r\nb")]
    [InlineData("a\0b", true, "{3+}\r\na\0b")]
    public void WriteAString_PicksAtomQuotedOrLiteral(string value, bool literalPlus, string expected) =>
        Assert.Equal(expected, Write(w => w.WriteAString(value, literalPlus)));

    [Theory]
    [InlineData("INBOX", "\"INBOX\"")]
    [InlineData("", "\"\"")]
    [InlineData("a\nb", "{3}\r\na\nb")]
    public void WriteString_NeverWritesAnAtom(string value, string expected) =>
        Assert.Equal(expected, Write(w => w.WriteString(value, literalPlus: false)));

    [Fact]
    public void LongStrings_BecomeLiterals()
    {
        var exact = new string('x', ImapWriter.MaxQuotedLength);
        Assert.Equal($"\"{exact}\"", Write(w => w.WriteString(exact, false)));
        var longer = exact + " ";
        Assert.Equal($"{{{longer.Length}}}\r\n{longer}", Write(w => w.WriteString(longer, false)));
        Assert.Equal($"{{{longer.Length}+}}\r\n{longer}", Write(w => w.WriteAString(longer, true)));
    }

    [Fact]
    public void Primitives_WriteTheirBytes() =>
        Assert.Equal("(NIL [X] ~{2}\r\nab)\r\n", Write(w =>
        {
            w.WriteListOpen();
            w.WriteNil();
            w.WriteSpace();
            w.WriteBracketOpen();
            w.WriteAtom("X"u8);
            w.WriteBracketClose();
            w.WriteSpace();
            w.WriteLiteral("ab"u8, nonSynchronizing: false, binary: true);
            w.WriteListClose();
            w.WriteCrlf();
        }));

    public static TheoryData<bool, string> AllValid() => ValidRows();

    private static TheoryData<bool, string> ValidRows()
    {
        var data = new TheoryData<bool, string>();
        foreach (var row in ImapSyntaxData.ValidCommands)
        {
            data.Add(true, (string)row[0]);
        }

        foreach (var row in ImapSyntaxData.ValidResponses)
        {
            data.Add(false, (string)row[0]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllValid))]
    public void WriteLine_OfAReadLine_ReproducesItsBytes(bool command, string input)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        var line = ReadWhole(command, bytes);
        Assert.Equal(bytes, line.Bytes.ToArray());
        var buffer = new ArrayBufferWriter<byte>();
        new ImapWriter(buffer).WriteLine(line);
        Assert.Equal(input, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void RewritingOneName_KeepsTheRestByteExact()
    {
        var line = ReadWhole(false, "* LIST (\\HasNoChildren) \".\" INBOX.Calendar\r\n"u8.ToArray());
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new ImapWriter(buffer);
        writer.WriteTokens(line, 0, line.Count - 1);
        writer.WriteSpace();
        writer.WriteAString("Kalender \"neu\"", literalPlus: false);
        writer.WriteCrlf();
        Assert.Equal("* LIST (\\HasNoChildren) \".\" \"Kalender \\\"neu\\\"\"\r\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
        var reread = ReadWhole(false, buffer.WrittenSpan.ToArray());
        Assert.Equal("Kalender \"neu\"", reread.GetString(reread.Count - 1));
    }

    [Fact]
    public void StreamedLiteral_CannotBeRewritten()
    {
        var state = ImapReaderState.ForResponses();
        using var line = new ImapLine();
        ImapReader.TryReadSegment(ref state, new ReadOnlySequence<byte>("* 1 FETCH (BODY[] {9000}\r\n"u8.ToArray()), line, ImapLimits.Default, out _, out _, out _);
        ImapReader.SkipLiteral(ref state);
        var writer = new ImapWriter(new ArrayBufferWriter<byte>());
        Assert.Throws<InvalidOperationException>(() => writer.WriteLine(line));
    }

    internal static ImapLine ReadWhole(bool command, byte[] bytes)
    {
        var state = command ? ImapReaderState.ForCommands() : ImapReaderState.ForResponses();
        var line = new ImapLine();
        var input = new ReadOnlySequence<byte>(bytes);
        while (true)
        {
            var status = state.PendingLiteral is null
                ? ImapReader.TryReadSegment(ref state, input, line, ImapLimits.Default, out var consumed, out _, out var error)
                : ImapReader.TryReadLiteral(ref state, input, line, ImapLimits.Default, out consumed, out _, out error);
            Assert.True(status == OperationStatus.Done, $"{status} {error}");
            input = input.Slice(consumed);
            if (line.IsComplete && state.PendingLiteral is null)
            {
                Assert.Equal(0, input.Length);
                return line;
            }
        }
    }
}
