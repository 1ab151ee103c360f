using System.Buffers;

namespace Gateway.Imap.Wire;

/// <summary>Parses a complete logical line held in memory (all segments and literal bytes) with <see cref="ImapReader"/>.</summary>
internal static class ImapLines
{
    /// <summary>
    /// Parses <paramref name="bytes"/> (CRLF included). With <paramref name="firstSegmentOnly"/> a segment that ends
    /// with a literal header is accepted as it is (its literal is not in <paramref name="bytes"/>).
    /// </summary>
    /// <returns>The line (the caller disposes it), or null when the bytes are not one valid line.</returns>
    public static ImapLine? TryParse(ReadOnlySpan<byte> bytes, bool command, bool firstSegmentOnly = false)
    {
        var state = command ? ImapReaderState.ForCommands() : ImapReaderState.ForResponses();
        var line = new ImapLine();
        var input = new ReadOnlySequence<byte>(bytes.ToArray());
        while (true)
        {
            var status = state.PendingLiteral is null
                ? ImapReader.TryReadSegment(ref state, input, line, ImapLimits.Default, out var consumed, out _, out _)
                : ImapReader.TryReadLiteral(ref state, input, line, ImapLimits.Default, out consumed, out _, out _);
            if (status != OperationStatus.Done)
            {
                line.Dispose();
                return null;
            }

            input = input.Slice(consumed);
            if ((line.IsComplete && state.PendingLiteral is null) || (firstSegmentOnly && state.PendingLiteral is not null))
            {
                if (input.Length == 0)
                {
                    return line;
                }

                line.Dispose();
                return null;
            }
        }
    }
}
