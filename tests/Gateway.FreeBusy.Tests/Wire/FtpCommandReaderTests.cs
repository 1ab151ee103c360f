using System.Buffers;
using System.Text;
using Gateway.FreeBusy.Wire;
using Gateway.TestSupport;

namespace Gateway.FreeBusy.Tests.Wire;

public sealed class FtpCommandReaderTests
{
    private static readonly FtpLimits s_limits = new() { MaxLineLength = 64 };

    public static TheoryData<string, string, string> ValidLines => new()
    {
        { "USER alice\r\n", "USER", "alice" },
        { "user alice\r\n", "USER", "alice" },
        { "PASS secret with spaces \r\n", "PASS", "secret with spaces " },
        { "PASS \r\n", "PASS", "" },
        { "PWD\r\n", "PWD", "" },
        { "QUIT\n", "QUIT", "" },
        { "STOR /pub/calendar/alice.vfb\r\n", "STOR", "/pub/calendar/alice.vfb" },
        { "EPRT |1|127.0.0.1|40000|\r\n", "EPRT", "|1|127.0.0.1|40000|" },
        { "CWD Kalender Müller\r\n", "CWD", "Kalender Müller" },
        { "XPWD\r\n", "XPWD", "" },
    };

    [Theory]
    [MemberData(nameof(ValidLines))]
    public void TryRead_ValidLine_ReturnsVerbAndArgumentAndConsumesTheLine(string line, string verb, string argument)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var state = default(FtpReaderState);
        var input = new ReadOnlySequence<byte>(bytes);
        var status = FtpCommandReader.TryRead(ref state, input, s_limits, out var command, out var consumed, out _, out var error);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(FtpSyntaxError.None, error);
        Assert.Equal(verb, command.Verb);
        Assert.Equal(argument, command.Argument);
        Assert.Equal(input.End, consumed);
    }

    [Theory]
    [MemberData(nameof(ValidLines))]
    public void TryRead_EveryPrefix_NeedsMoreDataAndConsumesNothing(string line, string verb, string argument)
    {
        _ = (verb, argument);
        var bytes = Encoding.UTF8.GetBytes(line);
        for (var length = 0; length < bytes.Length; length++)
        {
            var state = default(FtpReaderState);
            var input = new ReadOnlySequence<byte>(bytes, 0, length);
            var status = FtpCommandReader.TryRead(ref state, input, s_limits, out _, out var consumed, out var examined, out _);
            Assert.Equal(OperationStatus.NeedMoreData, status);
            Assert.Equal(input.Start, consumed);
            Assert.Equal(input.End, examined);
        }
    }

    [Theory]
    [MemberData(nameof(ValidLines))]
    public void TryRead_EverySplitPoint_GivesTheSameCommand(string line, string verb, string argument)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        for (var split = 1; split < bytes.Length; split++)
        {
            var state = default(FtpReaderState);
            var status = FtpCommandReader.TryRead(ref state, TestSequence.Split(bytes, split), s_limits, out var command, out _, out _, out _);
            Assert.Equal(OperationStatus.Done, status);
            Assert.Equal(new FtpCommand(verb, argument), command);
        }

        var oneByte = default(FtpReaderState);
        Assert.Equal(OperationStatus.Done, FtpCommandReader.TryRead(ref oneByte, TestSequence.Chunked(bytes, 1), s_limits, out var chunked, out _, out _, out _));
        Assert.Equal(new FtpCommand(verb, argument), chunked);
    }

    [Theory]
    [InlineData("\r\n", "BadVerb")]
    [InlineData("US\r\n", "BadVerb")]
    [InlineData("USERS alice\r\n", "BadVerb")]
    [InlineData("US3R alice\r\n", "BadVerb")]
    [InlineData(" USER alice\r\n", "BadVerb")]
    [InlineData("USER\talice\r\n", "BadVerb")]
    [InlineData("RETR a\0b\r\n", "ControlCharacter")]
    [InlineData("RETR a\rb\r\n", "ControlCharacter")]
    [InlineData("RETR a\u007Fb\r\n", "ControlCharacter")]
    public void TryRead_InvalidLine_ReportsWhyAndConsumesIt(string line, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "NOOP\r\n");
        var state = default(FtpReaderState);
        var input = new ReadOnlySequence<byte>(bytes);

        Assert.Equal(OperationStatus.InvalidData, FtpCommandReader.TryRead(ref state, input, s_limits, out _, out var consumed, out _, out var error));
        Assert.Equal(Enum.Parse<FtpSyntaxError>(expected), error);

        // The next line is read normally.
        Assert.Equal(OperationStatus.Done, FtpCommandReader.TryRead(ref state, input.Slice(consumed), s_limits, out var next, out _, out _, out _));
        Assert.Equal("NOOP", next.Verb);
    }

    [Fact]
    public void TryRead_OverlongUtf8_IsInvalidUtf8()
    {
        byte[] bytes = [.. "RETR "u8, 0xC0, 0xAE, 0xC0, 0xAF, .. "x\r\n"u8];
        var state = default(FtpReaderState);
        Assert.Equal(OperationStatus.InvalidData, FtpCommandReader.TryRead(ref state, new ReadOnlySequence<byte>(bytes), s_limits, out _, out _, out _, out var error));
        Assert.Equal(FtpSyntaxError.InvalidUtf8, error);
    }

    [Fact]
    public void TryRead_TelnetInterruptBeforeAbor_IsRemoved()
    {
        // IAC IP IAC DM ABOR, as clients send to abort (RFC 959 §4.1.3); IAC IAC is a data byte 0xFF.
        byte[] bytes = [0xFF, 0xF4, 0xFF, 0xF2, .. "ABOR\r\n"u8];
        var state = default(FtpReaderState);
        Assert.Equal(OperationStatus.Done, FtpCommandReader.TryRead(ref state, new ReadOnlySequence<byte>(bytes), s_limits, out var command, out _, out _, out _));
        Assert.Equal(new FtpCommand("ABOR", ""), command);

        byte[] negotiation = [0xFF, 0xFB, 0x01, .. "NOOP\r\n"u8];
        Assert.Equal(OperationStatus.Done, FtpCommandReader.TryRead(ref state, new ReadOnlySequence<byte>(negotiation), s_limits, out command, out _, out _, out _));
        Assert.Equal("NOOP", command.Verb);
    }

    [Fact]
    public void TryRead_LineOverTheLimitWithItsEnd_IsTooLongAndConsumed()
    {
        var bytes = Encoding.ASCII.GetBytes("RETR " + new string('a', 64) + "\r\nNOOP\r\n");
        var state = default(FtpReaderState);
        var input = new ReadOnlySequence<byte>(bytes);

        Assert.Equal(OperationStatus.InvalidData, FtpCommandReader.TryRead(ref state, input, s_limits, out _, out var consumed, out _, out var error));
        Assert.Equal(FtpSyntaxError.LineTooLong, error);
        Assert.Equal(OperationStatus.Done, FtpCommandReader.TryRead(ref state, input.Slice(consumed), s_limits, out var next, out _, out _, out _));
        Assert.Equal("NOOP", next.Verb);
    }

    [Fact]
    public void TryRead_EndlessLine_IsReportedOnceThenSkippedToItsEnd()
    {
        var state = default(FtpReaderState);
        var first = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("RETR " + new string('a', 100)));
        Assert.Equal(OperationStatus.InvalidData, FtpCommandReader.TryRead(ref state, first, s_limits, out _, out var consumed, out _, out var error));
        Assert.Equal(FtpSyntaxError.LineTooLong, error);
        Assert.Equal(first.End, consumed);

        var more = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(new string('b', 100)));
        Assert.Equal(OperationStatus.NeedMoreData, FtpCommandReader.TryRead(ref state, more, s_limits, out _, out consumed, out _, out _));
        Assert.Equal(more.End, consumed);

        var end = new ReadOnlySequence<byte>("bbb\r\nPWD\r\n"u8.ToArray());
        Assert.Equal(OperationStatus.Done, FtpCommandReader.TryRead(ref state, end, s_limits, out var next, out _, out _, out _));
        Assert.Equal("PWD", next.Verb);
        Assert.False(state.Discarding);
    }

    [Fact]
    public void ToSanitizedString_HidesPasswords()
    {
        Assert.Equal("PASS ***", new FtpCommand("PASS", "alicepw").ToSanitizedString());
        Assert.Equal("ACCT ***", new FtpCommand("ACCT", "x").ToString());
        Assert.Equal("USER alice", new FtpCommand("USER", "alice").ToSanitizedString());
    }
}
