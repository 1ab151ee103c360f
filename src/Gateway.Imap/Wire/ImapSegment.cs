using System.Buffers;

namespace Gateway.Imap.Wire;

/// <summary>One line segment: the bytes up to and including LF, and the literal it announces, if any.</summary>
internal readonly struct ImapSegment
{
    public ImapSegment(ReadOnlySequence<byte> bytes, LiteralHeader? literal)
    {
        Bytes = bytes;
        Literal = literal;
    }

    /// <summary>The raw bytes including the line ending, to forward unchanged.</summary>
    public ReadOnlySequence<byte> Bytes { get; }

    /// <summary>The literal whose bytes follow this segment.</summary>
    public LiteralHeader? Literal { get; }

    /// <summary>The segment without its line ending, as a span (copied only if it spans buffers).</summary>
    public ReadOnlySpan<byte> Line(Span<byte> scratch)
    {
        var length = (int)Bytes.Length;
        var end = length;
        if (end > 0 && LastByte(Bytes) == (byte)'\n')
        {
            end--;
            if (end > 0 && Bytes.Slice(end - 1, 1).FirstSpan[0] == (byte)'\r')
            {
                end--;
            }
        }

        if (Bytes.IsSingleSegment)
        {
            return Bytes.FirstSpan[..end];
        }

        var target = scratch.Length >= end ? scratch : new byte[end];
        Bytes.Slice(0, end).CopyTo(target);
        return target[..end];
    }

    private static byte LastByte(ReadOnlySequence<byte> bytes) => bytes.Slice(bytes.Length - 1).FirstSpan[0];
}
