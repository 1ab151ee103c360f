using System.Globalization;
using System.Text;

namespace Gateway.Imap.Cache;

/// <summary>A parsed <c>* n FETCH (…)</c> line held in memory (for mutable items and small values).</summary>
internal sealed record FetchResponse(long Number, IReadOnlyList<FetchResponseItem> Items)
{
    public long? Uid => Find("UID") is { } uid && long.TryParse(uid.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    public FetchResponseItem? Find(string name) => Items.FirstOrDefault(i => i.Name == name);

    /// <summary>
    /// Parses <c>"*" SP nz-number SP "FETCH" SP "(" msg-att *(SP msg-att) ")" CRLF</c> (RFC 9051 §7.5.2) with its
    /// literals inline; false for anything else.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> line, out FetchResponse response)
    {
        response = null!;
        var span = line.Span;
        if (span.EndsWith("\r\n"u8))
        {
            line = line[..^2];
            span = line.Span;
        }

        if (!span.StartsWith("* "u8))
        {
            return false;
        }

        var i = 2;
        long number = 0;
        var digits = i;
        while (i < span.Length && span[i] is >= (byte)'0' and <= (byte)'9')
        {
            number = (number * 10) + (span[i++] - '0');
        }

        if (i == digits || i + 8 > span.Length || !Ascii.EqualsIgnoreCase(span[i..(i + 8)], " FETCH ("u8) || span[^1] != (byte)')')
        {
            return false;
        }

        i += 8;
        var end = span.Length - 1;
        var items = new List<FetchResponseItem>();
        while (i < end)
        {
            var start = i;
            if (!TrySkipName(span, ref i, end) || i >= end || span[i] != (byte)' ')
            {
                return false;
            }

            var name = Encoding.ASCII.GetString(span[start..i]).ToUpperInvariant();
            i++;
            if (!TrySkipValue(span, ref i, end))
            {
                return false;
            }

            items.Add(new FetchResponseItem(name, line[start..i]));
            if (i < end)
            {
                if (span[i] != (byte)' ')
                {
                    return false;
                }

                i++;
            }
        }

        response = new FetchResponse(number, items);
        return true;
    }

    private static bool TrySkipName(ReadOnlySpan<byte> span, ref int i, int end)
    {
        var start = i;
        while (i < end && span[i] is not ((byte)' ' or (byte)'[' or (byte)'(' or (byte)')'))
        {
            i++;
        }

        if (i < end && span[i] == (byte)'[')
        {
            var close = span[i..end].IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }

            i += close + 1;
            if (i < end && span[i] == (byte)'<')
            {
                var gt = span[i..end].IndexOf((byte)'>');
                if (gt < 0)
                {
                    return false;
                }

                i += gt + 1;
            }
        }

        return i > start;
    }

    private static bool TrySkipValue(ReadOnlySpan<byte> span, ref int i, int end)
    {
        if (i >= end)
        {
            return false;
        }

        switch (span[i])
        {
            case (byte)'"':
                for (i++; i < end; i++)
                {
                    if (span[i] == (byte)'\\')
                    {
                        i++;
                    }
                    else if (span[i] == (byte)'"')
                    {
                        i++;
                        return true;
                    }
                }

                return false;
            case (byte)'{':
            case (byte)'~':
                {
                    var k = span[i] == (byte)'~' ? i + 2 : i + 1;
                    long length = 0;
                    while (k < end && span[k] is >= (byte)'0' and <= (byte)'9')
                    {
                        length = (length * 10) + (span[k++] - '0');
                    }

                    if (k + 3 > end || span[k] != (byte)'}' || span[k + 1] != (byte)'\r' || span[k + 2] != (byte)'\n' || k + 3 + length > end)
                    {
                        return false;
                    }

                    i = (int)(k + 3 + length);
                    return true;
                }

            case (byte)'(':
                i++;
                while (i < end && span[i] != (byte)')')
                {
                    if (span[i] == (byte)' ')
                    {
                        i++;
                        continue;
                    }

                    if (!TrySkipValue(span, ref i, end))
                    {
                        return false;
                    }
                }

                if (i >= end)
                {
                    return false;
                }

                i++;
                return true;
            default:
                var start = i;
                while (i < end && span[i] is not ((byte)' ' or (byte)'(' or (byte)')'))
                {
                    i++;
                }

                return i > start;
        }
    }
}
