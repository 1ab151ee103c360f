using System.Buffers;
using System.Text;
using Gateway.Imap.Wire;
using Gateway.TestSupport;

namespace Gateway.Imap.Tests.Wire;

public sealed class ImapReaderTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static ImapReaderMode Mode(bool command) => command ? ImapReaderMode.Command : ImapReaderMode.Response;

    [Theory]
    [MemberData(nameof(ImapSyntaxData.ValidCommands), MemberType = typeof(ImapSyntaxData))]
    public void ValidCommand_ReadsTokens(string input, string expected) =>
        Assert.Equal([expected], ImapTestReader.ReadAll(ImapReaderMode.Command, input));

    [Theory]
    [MemberData(nameof(ImapSyntaxData.ValidResponses), MemberType = typeof(ImapSyntaxData))]
    public void ValidResponse_ReadsTokens(string input, string expected) =>
        Assert.Equal([expected], ImapTestReader.ReadAll(ImapReaderMode.Response, input));

    [Theory]
    [MemberData(nameof(ImapSyntaxData.Invalid), MemberType = typeof(ImapSyntaxData))]
    public void InvalidLine_ReportsReasonOffsetAndResync(bool command, string input, string expected) =>
        Assert.Equal(expected, ImapTestReader.ReadAll(Mode(command), input)[0]);

    [Theory]
    [MemberData(nameof(ImapSyntaxData.Invalid), MemberType = typeof(ImapSyntaxData))]
    public void InvalidLine_ThenResynchronises_OrStops(bool command, string input, string expected)
    {
        var mode = Mode(command);
        var next = mode == ImapReaderMode.Command ? "b1 NOOP\r\n" : "b1 OK done\r\n";
        var results = ImapTestReader.ReadAll(mode, input + next);
        if (expected.EndsWith(" BYE", StringComparison.Ordinal))
        {
            Assert.Equal([expected], results);
        }
        else
        {
            Assert.Equal([expected, mode == ImapReaderMode.Command ? "b1 NOOP" : "b1 OK T:done"], results);
        }
    }

    public static TheoryData<bool, string> AllValid()
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
    public void EveryPrefix_NeedsMoreData_AndConsumesNothing(bool command, string input)
    {
        var mode = Mode(command);
        var bytes = Bytes(input);
        var whole = ImapTestReader.ReadAll(mode, new ReadOnlySequence<byte>(bytes));
        for (var n = 0; n < bytes.Length; n++)
        {
            var results = ImapTestReader.ReadAll(mode, new ReadOnlySequence<byte>(bytes, 0, n));
            Assert.True(n == 0 ? results.Count == 0 : results is [] or ["…"], $"prefix {n}: {string.Join(" | ", results)}");
        }

        Assert.Equal(whole, ImapTestReader.ReadAll(mode, new ReadOnlySequence<byte>(bytes)));
    }

    [Theory]
    [MemberData(nameof(AllValid))]
    public void EverySplitPoint_GivesTheSameResult(bool command, string input)
    {
        var mode = Mode(command);
        var bytes = Bytes(input);
        var whole = ImapTestReader.ReadAll(mode, new ReadOnlySequence<byte>(bytes));
        for (var split = 1; split < bytes.Length; split++)
        {
            Assert.Equal(whole, ImapTestReader.ReadAll(mode, TestSequence.Split(bytes, split)));
        }

        Assert.Equal(whole, ImapTestReader.ReadAll(mode, TestSequence.Chunked(bytes, 1)));
        Assert.Equal(whole, ImapTestReader.ReadAll(mode, TestSequence.Chunked(bytes, 3)));
    }

    [Theory]
    [MemberData(nameof(ImapSyntaxData.Invalid), MemberType = typeof(ImapSyntaxData))]
    public void InvalidLine_EverySplitPoint_GivesTheSameError(bool command, string input, string expected)
    {
        var mode = Mode(command);
        var bytes = Bytes(input);
        for (var split = 1; split < bytes.Length; split++)
        {
            Assert.Equal(expected, ImapTestReader.ReadAll(mode, TestSequence.Split(bytes, split))[0]);
        }
    }

    [Fact]
    public void CourierTranscript_ReadsEveryLine_InAnyChunking()
    {
        var bytes = Bytes(ImapSyntaxData.CourierTranscript);
        var whole = ImapTestReader.ReadAll(ImapReaderMode.Response, new ReadOnlySequence<byte>(bytes));
        Assert.Equal(19, whole.Count);
        Assert.Equal("* 1 FETCH ( UID 1 BODY [ ] {27}=Subject: hi\r\n\r\nHello you.\r\n )", whole[14]);
        Assert.DoesNotContain(whole, r => r.StartsWith('!') || r == "…");
        foreach (var size in new[] { 1, 2, 7, 64, 1000 })
        {
            Assert.Equal(whole, ImapTestReader.ReadAll(ImapReaderMode.Response, TestSequence.Chunked(bytes, size)));
        }
    }

    [Fact]
    public void LargeLiteral_IsReportedNotConsumed_AndTheLineResumesAfterIt()
    {
        var state = ImapReaderState.ForResponses();
        using var line = new ImapLine();
        var body = new string('x', 10_000);
        var input = new ReadOnlySequence<byte>(Bytes($"* 3 FETCH (UID 9 BODY[] {{10000}}\r\n{body} FLAGS (\\Seen))\r\n"));

        Assert.Equal(OperationStatus.Done, ImapReader.TryReadSegment(ref state, input, line, ImapLimits.Default, out var consumed, out _, out _));
        Assert.Equal(new LiteralHeader(10_000, false, false), state.PendingLiteral);
        Assert.True(state.InLine);
        Assert.False(line.IsComplete);
        Assert.Equal(input.GetPosition(33), consumed);
        Assert.Equal(33, line.Bytes.Length);

        input = input.Slice(consumed).Slice(10_000);
        ImapReader.SkipLiteral(ref state);
        Assert.Equal(OperationStatus.Done, ImapReader.TryReadSegment(ref state, input, line, ImapLimits.Default, out consumed, out _, out _));
        Assert.True(line.IsComplete);
        Assert.False(state.InLine);
        Assert.Equal("* 3 FETCH ( UID 9 BODY [ ] {10000} FLAGS ( \\Seen ) )", ImapTestReader.Describe(line));
        var literal = line[^6];
        Assert.Equal(ImapTokenKind.Literal, literal.Kind);
        Assert.False(literal.IsMaterialized);
        Assert.Throws<InvalidOperationException>(() => line.GetString(line.Count - 6));
    }

    [Fact]
    public void TryReadLiteral_NeedsAllBytes_ThenMaterialises()
    {
        var state = ImapReaderState.ForCommands();
        using var line = new ImapLine();
        var input = new ReadOnlySequence<byte>(Bytes("a1 LOGIN {5}\r\n"));
        Assert.Equal(OperationStatus.Done, ImapReader.TryReadSegment(ref state, input, line, ImapLimits.Default, out _, out _, out _));
        Assert.Equal(OperationStatus.NeedMoreData, ImapReader.TryReadLiteral(ref state, new ReadOnlySequence<byte>(Bytes("alic")), line, ImapLimits.Default, out var consumed, out var examined, out _));
        Assert.Equal(0, consumed.GetInteger());
        Assert.Equal(4, examined.GetInteger());
        var rest = new ReadOnlySequence<byte>(Bytes("alice x\r\n"));
        Assert.Equal(OperationStatus.Done, ImapReader.TryReadLiteral(ref state, rest, line, ImapLimits.Default, out consumed, out _, out _));
        Assert.Equal(5, consumed.GetInteger());
        Assert.Null(state.PendingLiteral);
        Assert.True(line.ValueEquals(2, "alice"u8));
    }

    [Fact]
    public void Misuse_IsABug_AndThrows()
    {
        var state = ImapReaderState.ForCommands();
        using var line = new ImapLine();
        Assert.Throws<InvalidOperationException>(() => ImapReader.SkipLiteral(ref state));
        Assert.Throws<InvalidOperationException>(() => ImapReader.TryReadLiteral(ref state, default, line, ImapLimits.Default, out _, out _, out _));
        ImapReader.TryReadSegment(ref state, new ReadOnlySequence<byte>(Bytes("a1 APPEND x {5000}\r\n")), line, ImapLimits.Default, out _, out _, out _);
        var copy = state;
        Assert.Throws<InvalidOperationException>(() => ImapReader.TryReadSegment(ref copy, default, line, ImapLimits.Default, out _, out _, out _));
        copy = state;
        Assert.Throws<InvalidOperationException>(() => ImapReader.TryReadLiteral(ref copy, default, line, ImapLimits.Default, out _, out _, out _));
    }

    [Theory]
    [InlineData("DONE\r\n", "DONE")]
    [InlineData("*\r\n", "*")]
    [InlineData("AGFsaWNlAHNlY3JldA==\r\n", "AGFsaWNlAHNlY3JldA==")]
    [InlineData("\r\n", "")]
    public void RawLine_IsOneTextToken(string input, string text)
    {
        using var line = new ImapLine();
        Assert.Equal(OperationStatus.Done, ImapReader.TryReadRawLine(new ReadOnlySequence<byte>(Bytes(input)), line, ImapLimits.Default, out var consumed, out _, out _));
        Assert.Equal(input.Length, consumed.GetInteger());
        Assert.Equal(ImapLineKind.Raw, line.Kind);
        var token = Assert.Single(line.Tokens.ToArray());
        Assert.Equal(ImapTokenKind.Text, token.Kind);
        Assert.Equal(text, line.GetString(0));
    }

    [Fact]
    public void RawLine_NeedsLineEnd_AndRespectsLimits()
    {
        using var line = new ImapLine();
        Assert.Equal(OperationStatus.NeedMoreData, ImapReader.TryReadRawLine(new ReadOnlySequence<byte>(Bytes("DON")), line, ImapLimits.Default, out _, out _, out _));
        Assert.Equal(OperationStatus.InvalidData, ImapReader.TryReadRawLine(new ReadOnlySequence<byte>(Bytes("DONE\n")), line, ImapLimits.Default, out _, out _, out var error));
        Assert.Equal(ImapSyntaxErrorReason.BareLineFeed, error.Reason);
        var limits = new ImapLimits { MaxLineLength = 4 };
        Assert.Equal(OperationStatus.InvalidData, ImapReader.TryReadRawLine(new ReadOnlySequence<byte>(Bytes("ABCDEFGH")), line, limits, out _, out _, out error));
        Assert.Equal(new ImapSyntaxError(ImapSyntaxErrorReason.LineTooLong, 4, false), error);
    }

    [Fact]
    public void LineLength_Limit_IsExact()
    {
        var limits = new ImapLimits { MaxLineLength = 16 };
        Assert.Equal(["a1 NOOP 12345678"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 NOOP 12345678\r\n", limits));
        Assert.Equal(["!LineTooLong@16"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 NOOP 123456789\r\n", limits));
        Assert.Equal(["!LineTooLong@16 BYE"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 APPEND x 1 {5+}\r\n", limits));
        Assert.Equal(["…"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 NOOP 12345678\r", limits));
        Assert.Equal(["!LineTooLong@16 BYE"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 NOOP 123456789\r", limits));
        Assert.Equal(["!LineTooLong@16 BYE"], ImapTestReader.ReadAll(ImapReaderMode.Command, new string('a', 100_000), limits));
    }

    [Fact]
    public void LineLength_AppliesPerSegment_NotToLiteralContents()
    {
        var limits = new ImapLimits { MaxLineLength = 20, MaxMaterializedLiteral = 100 };
        var body = new string('b', 50);
        Assert.Equal([$"a1 APPEND x {{50}}={body}"], ImapTestReader.ReadAll(ImapReaderMode.Command, $"a1 APPEND x {{50}}\r\n{body}\r\n", limits));
    }

    [Fact]
    public void LiteralSize_Limit_IsExact()
    {
        var limits = new ImapLimits { MaxLiteralSize = 10, MaxMaterializedLiteral = 0 };
        Assert.Equal(["a1 APPEND x {10}"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 APPEND x {10}\r\n0123456789\r\n", limits));
        Assert.Equal(["!LiteralTooLarge@12", "b1 NOOP"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 APPEND x {11}\r\nb1 NOOP\r\n", limits));
        Assert.Equal(["!LiteralTooLarge@12 BYE"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 APPEND x {11+}\r\n01234567890\r\n", limits));
        Assert.Equal(["!LiteralTooLarge@12 BYE"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 APPEND x {99999999999999999999999+}\r\n", limits));
    }

    [Fact]
    public void NestingDepth_Limit_IsExact()
    {
        var limits = new ImapLimits { MaxNestingDepth = 3 };
        Assert.Equal(["a1 X ( ( ( a ) ) )"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 X (((a)))\r\n", limits));
        Assert.Equal(["!NestingTooDeep@8"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 X ((((a))))\r\n", limits));
        var deep = new string('(', 10_000) + new string(')', 10_000);
        Assert.Equal(["!NestingTooDeep@36"], ImapTestReader.ReadAll(ImapReaderMode.Response, $"* X {deep}\r\n"));
    }

    [Fact]
    public void NestingDepth_SpansSegments()
    {
        var limits = new ImapLimits { MaxNestingDepth = 2 };
        Assert.Equal(["!NestingTooDeep@1"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 X (({1}\r\nx ((a)))\r\n", limits));
    }

    [Fact]
    public void TokenCount_Limit_IsExact_AcrossSegments()
    {
        var limits = new ImapLimits { MaxTokensPerLine = 5 };
        Assert.Equal(["a1 X a b c"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 X a b c\r\n", limits));
        Assert.Equal(["!TooManyTokens@11"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 X a b c d\r\n", limits));
        Assert.Equal(["!TooManyTokens@1"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 X a {1}\r\nx d\r\n", new ImapLimits { MaxTokensPerLine = 4 }));
        Assert.Equal(["!TooManyTokens@10"], ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 X a b c(\r\n", limits));
        Assert.Equal(["!TooManyTokens@26"], ImapTestReader.ReadAll(ImapReaderMode.Response, "* OK [CAPABILITY IMAP4rev1] text\r\n", new ImapLimits { MaxTokensPerLine = 5 }));
    }

    [Fact]
    public void ErrorInLaterSegment_ResynchronisesAtItsEnd()
    {
        var results = ImapTestReader.ReadAll(ImapReaderMode.Command, "a1 LOGIN {5+}\r\nalice \"x\r\nb1 NOOP\r\n");
        Assert.Equal(["!UnterminatedQuotedString@3", "b1 NOOP"], results);
    }

    [Fact]
    public void Tag_IsAvailable_AfterAnError()
    {
        var state = ImapReaderState.ForCommands();
        using var line = new ImapLine();
        Assert.Equal(OperationStatus.InvalidData, ImapReader.TryReadSegment(ref state, new ReadOnlySequence<byte>(Bytes("x17 LOGIN \"unterminated\r\n")), line, ImapLimits.Default, out _, out _, out var error));
        Assert.True(error.CanResynchronize);
        Assert.Equal("x17"u8.ToArray(), line.Tag.ToArray());
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public void LineAccessors_CompareAndDecodeWithoutSurprises()
    {
        var state = ImapReaderState.ForResponses();
        using var line = new ImapLine();
        ImapReader.TryReadSegment(ref state, new ReadOnlySequence<byte>(Bytes("* 42 fetch (uid 7 X \"a\\\\b\\\"c\")\r\n")), line, ImapLimits.Default, out _, out _, out _);
        Assert.Equal(ImapLineKind.Untagged, line.Kind);
        Assert.True(line.TryGetNumber(1, out var n));
        Assert.Equal(42, n);
        Assert.True(line.IsAtom(2, ImapAtoms.Fetch));
        Assert.False(line.IsAtom(2, ImapAtoms.List));
        Assert.False(line.IsAtom(99, ImapAtoms.List));
        Assert.False(line.TryGetNumber(2, out _));
        Assert.True(line[7].HasEscapes);
        Assert.Equal(5, line.GetValueLength(7));
        Assert.True(line.ValueEquals(7, "a\\b\"c"u8));
        Assert.False(line.ValueEquals(7, "a\\b\""u8));
        Assert.False(line.ValueEquals(7, "a\\b\"cd"u8));
        Span<byte> buffer = stackalloc byte[16];
        Assert.Equal(5, line.CopyValue(7, buffer));
        Assert.Equal("a\\b\"c", Encoding.UTF8.GetString(buffer[..5]));
        Assert.Equal("\"a\\\\b\\\"c\"", Encoding.UTF8.GetString(line.Raw(line[7])));
        Assert.True(line[2].SpaceBefore);
        Assert.False(line[4].SpaceBefore);
        Assert.Empty(line.Tag.ToArray());
    }

    [Fact]
    public void EightBitBytes_ArePreservedByteExact()
    {
        // Latin-1 "Entwürfe", not valid UTF-8, as some servers send raw 8-bit names.
        byte[] input = [.. "* LIST () \"/\" \"Entw"u8, 0xFC, .. "rfe\" Entw"u8, 0xFC, .. "rfe\r\n"u8];
        var state = ImapReaderState.ForResponses();
        using var line = new ImapLine();
        Assert.Equal(OperationStatus.Done, ImapReader.TryReadSegment(ref state, new ReadOnlySequence<byte>(input), line, ImapLimits.Default, out _, out _, out _));
        Assert.Equal(input, line.Bytes.ToArray());
        Assert.True(line.ValueEquals(5, [.. "Entw"u8, 0xFC, .. "rfe"u8]));
        Assert.Equal(ImapTokenKind.Atom, line[6].Kind);
        Assert.Equal([.. "Entw"u8, 0xFC, .. "rfe"u8], line.Raw(line[6]).ToArray());
    }

    [Fact]
    public void ReleasedLine_HoldsNoBuffers_AndIsReusable()
    {
        using var line = new ImapLine();
        var state = ImapReaderState.ForCommands();
        ImapReader.TryReadSegment(ref state, new ReadOnlySequence<byte>(Bytes("a1 NOOP\r\n")), line, ImapLimits.Default, out _, out _, out _);
        line.Release();
        Assert.Equal(0, line.Count);
        Assert.True(line.Bytes.IsEmpty);
        ImapReader.TryReadSegment(ref state, new ReadOnlySequence<byte>(Bytes("a2 NOOP\r\n")), line, ImapLimits.Default, out _, out _, out _);
        Assert.Equal("a2 NOOP", ImapTestReader.Describe(line));
    }
}
