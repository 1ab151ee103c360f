using System.Buffers;

namespace Gateway.Imap.Wire;

/// <summary>
/// Frames IMAP traffic into line segments and literals without looking further into it, so that the
/// relay can forward every byte unchanged and stream literal contents of any size.
/// </summary>
/// <remarks>
/// A logical IMAP line is one or more segments: a segment that ends with a literal header is followed
/// by that many octets, then the line goes on with the next segment (RFC 3501 §4.3, §7.5).
/// Status responses and continuation requests carry free text, so a <c>{5}</c> at their end is not a
/// literal: <c>response-tagged = tag SP resp-cond-state CRLF</c>, <c>continue-req = "+" SP (resp-text / base64) CRLF</c>.
/// </remarks>
internal static class ImapSegmentReader
{
    /// <summary>Reads one segment from the start of <paramref name="buffer"/>; advances it only on <see cref="SegmentStatus.Done"/>.</summary>
    /// <param name="buffer">Unconsumed input.</param>
    /// <param name="limits">Line and literal bounds.</param>
    /// <param name="serverResponse">True for upstream responses (status text never holds a literal).</param>
    /// <param name="continuation">True when this segment continues a line after a literal (no tag at its start).</param>
    /// <param name="segment">The segment read.</param>
    public static SegmentStatus TryRead(ref ReadOnlySequence<byte> buffer, ImapLimits limits, bool serverResponse, bool continuation, out ImapSegment segment)
    {
        segment = default;
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            return buffer.Length > limits.MaxLineLength ? SegmentStatus.LineTooLong : SegmentStatus.NeedMoreData;
        }

        var end = buffer.GetPosition(1, newline.Value);
        var bytes = buffer.Slice(0, end);
        if (bytes.Length > limits.MaxLineLength + 2)
        {
            return SegmentStatus.LineTooLong;
        }

        Span<byte> scratch = stackalloc byte[256];
        var tail = Tail(bytes, scratch);
        LiteralHeader? literal = null;
        if (TryParseTrailingLiteral(tail, out var header) && !(serverResponse && !continuation && IsTextResponse(bytes)))
        {
            if (header.Length > limits.MaxLiteralSize)
            {
                return SegmentStatus.LiteralTooLarge;
            }

            literal = header;
        }

        segment = new ImapSegment(bytes, literal);
        buffer = buffer.Slice(end);
        return SegmentStatus.Done;
    }

    /// <summary>Recognises a literal header at the very end of a line (line ending excluded).</summary>
    public static bool TryParseTrailingLiteral(ReadOnlySpan<byte> line, out LiteralHeader header)
    {
        header = default;
        if (line.Length < 3 || line[^1] != (byte)'}')
        {
            return false;
        }

        var open = line.LastIndexOf((byte)'{');
        if (open < 0)
        {
            return false;
        }

        var digits = line[(open + 1)..^1];
        var nonSync = false;
        if (digits.Length > 0 && (digits[^1] == (byte)'+' || digits[^1] == (byte)'-'))
        {
            nonSync = digits[^1] == (byte)'+';
            digits = digits[..^1];
        }

        if (digits.Length is 0 or > 19)
        {
            return false;
        }

        long length = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            length = (length * 10) + (b - '0');
        }

        if (length < 0)
        {
            return false;
        }

        var binary = open > 0 && line[open - 1] == (byte)'~';
        header = new LiteralHeader(length, nonSync, binary);
        return true;
    }

    /// <summary>Whether a server line is a status response or continuation request, whose tail is free text.</summary>
    public static bool IsTextResponse(ReadOnlySequence<byte> bytes)
    {
        Span<byte> head = stackalloc byte[32];
        var n = (int)Math.Min(bytes.Length, head.Length);
        bytes.Slice(0, n).CopyTo(head);
        var line = head[..n];
        if (line.Length > 0 && line[0] == (byte)'+')
        {
            return true;
        }

        var space = line.IndexOf((byte)' ');
        if (space < 0)
        {
            return false;
        }

        var rest = line[(space + 1)..];
        return StartsWithWord(rest, "OK"u8) || StartsWithWord(rest, "NO"u8) || StartsWithWord(rest, "BAD"u8)
            || StartsWithWord(rest, "BYE"u8) || StartsWithWord(rest, "PREAUTH"u8);
    }

    private static bool StartsWithWord(ReadOnlySpan<byte> text, ReadOnlySpan<byte> word) =>
        text.Length >= word.Length
        && System.Text.Ascii.EqualsIgnoreCase(text[..word.Length], word)
        && (text.Length == word.Length || text[word.Length] is (byte)' ' or (byte)'\r' or (byte)'\n');

    private static ReadOnlySpan<byte> Tail(ReadOnlySequence<byte> bytes, Span<byte> scratch)
    {
        // The literal header sits right before the line ending; 32 bytes are enough for "~{number64+}".
        var withoutEnding = bytes.Length - 1;
        if (withoutEnding > 0 && bytes.Slice(withoutEnding - 1, 1).FirstSpan[0] == (byte)'\r')
        {
            withoutEnding--;
        }

        var take = (int)Math.Min(withoutEnding, 32);
        var slice = bytes.Slice(withoutEnding - take, take);
        slice.CopyTo(scratch);
        return scratch[..take];
    }
}
