using System.Buffers;
using System.Text;
using Gateway.Imap.Wire;

namespace Gateway.Imap.Tests.Wire;

public sealed class ImapSegmentReaderTests
{
    private static ReadOnlySequence<byte> Sequence(string text, int split = -1)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (split < 0 || split >= bytes.Length)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes.AsMemory(0, split));
        var last = first.Append(bytes.AsMemory(split));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public static TheoryData<string, bool, long?, bool, bool> Lines => new()
    {
        { "a1 NOOP\r\n", false, null, false, false },
        { "a1 LOGIN alice {7}\r\n", false, 7, false, false },
        { "a1 APPEND INBOX (\\Seen) {20971520+}\r\n", false, 20971520, true, false },
        { "a1 APPEND INBOX ~{12}\r\n", false, 12, false, true },
        { "a1 LOGIN {5-}\r\n", false, 5, false, false },
        { "bare line feed {3}\n", false, 3, false, false },
        { "* 1 FETCH (BODY[] {5000}\r\n", true, 5000, false, false },
        { "* OK text that ends like a literal {5}\r\n", true, null, false, false },
        { "a1 NO [ALERT] see {5}\r\n", true, null, false, false },
        { "+ go ahead {5}\r\n", true, null, false, false },
        { "* LIST (\\HasNoChildren) \".\" {14}\r\n", true, 14, false, false },
        { "a1 SELECT \"name{5}\"\r\n", false, null, false, false },
        { "a1 X {}\r\n", false, null, false, false },
        { "a1 X {12a}\r\n", false, null, false, false },
        { "a1 X {99999999999999999999}\r\n", false, null, false, false },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void TryRead_FindsTheLiteralAtTheEnd_WholeAndAtEverySplit(string text, bool server, long? literal, bool nonSync, bool binary)
    {
        for (var split = -1; split < text.Length; split++)
        {
            var buffer = Sequence(text + "next", split);

            var status = ImapSegmentReader.TryRead(ref buffer, ImapLimits.Default, server, continuation: false, out var segment);

            Assert.Equal(SegmentStatus.Done, status);
            Assert.Equal(text, Encoding.UTF8.GetString(segment.Bytes.ToArray()));
            Assert.Equal("next", Encoding.UTF8.GetString(buffer.ToArray()));
            Assert.Equal(literal, segment.Literal?.Length);
            if (segment.Literal is { } header)
            {
                Assert.Equal(nonSync, header.NonSynchronizing);
                Assert.Equal(binary, header.Binary);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void TryRead_EveryPrefix_NeedsMoreData_AndConsumesNothing(string text, bool server, long? literal, bool nonSync, bool binary)
    {
        _ = (literal, nonSync, binary);
        for (var length = 0; length < text.Length; length++)
        {
            var buffer = Sequence(text[..length]);
            var before = buffer.Length;

            var status = ImapSegmentReader.TryRead(ref buffer, ImapLimits.Default, server, continuation: false, out _);

            Assert.Equal(SegmentStatus.NeedMoreData, status);
            Assert.Equal(before, buffer.Length);
        }
    }

    [Fact]
    public void TryRead_ContinuationSegmentOfAResponse_MayAnnounceAnotherLiteral()
    {
        // After a literal, "OK" is data, not a status word: * 1 FETCH (BODY[1] {2}\r\nOK BODY[2] {3}\r\n...
        var buffer = Sequence(" OK {3}\r\n");

        ImapSegmentReader.TryRead(ref buffer, ImapLimits.Default, serverResponse: true, continuation: true, out var segment);

        Assert.Equal(3, segment.Literal?.Length);
    }

    [Fact]
    public void TryRead_LineLongerThanTheLimit_IsLineTooLong_WithOrWithoutItsEnd()
    {
        var limits = new ImapLimits { MaxLineLength = 100 };
        var withoutEnd = Sequence("a1 " + new string('x', 200));
        var withEnd = Sequence("a1 " + new string('x', 200) + "\r\n");

        Assert.Equal(SegmentStatus.LineTooLong, ImapSegmentReader.TryRead(ref withoutEnd, limits, false, false, out _));
        Assert.Equal(SegmentStatus.LineTooLong, ImapSegmentReader.TryRead(ref withEnd, limits, false, false, out _));
    }

    [Fact]
    public void TryRead_LiteralLargerThanTheLimit_IsLiteralTooLarge()
    {
        var buffer = Sequence("a1 APPEND INBOX {1000001}\r\n");

        var status = ImapSegmentReader.TryRead(ref buffer, new ImapLimits { MaxLiteralSize = 1_000_000 }, false, false, out _);

        Assert.Equal(SegmentStatus.LiteralTooLarge, status);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
