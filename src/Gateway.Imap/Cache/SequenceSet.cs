using System.Globalization;
using System.Text;

namespace Gateway.Imap.Cache;

/// <summary>
/// <c>sequence-set = (seq-number / seq-range) *("," sequence-set)</c> (RFC 9051 §9), as inclusive ranges;
/// <c>*</c> is <see cref="long.MaxValue"/>.
/// </summary>
/// <remarks>
/// Membership is conservative for the planner: <c>n:*</c> contains every number ≥ n (a cached UID in it that no
/// longer exists is simply not answered upstream), a lone <c>*</c> contains no real number (the largest UID is not
/// known), and <see cref="Except"/> keeps <c>*</c>, so the server still resolves it.
/// </remarks>
internal sealed class SequenceSet
{
    public const long Star = long.MaxValue;

    private SequenceSet(IReadOnlyList<(long Start, long End)> ranges) => Ranges = ranges;

    /// <summary>Ranges as written, each with Start ≤ End.</summary>
    public IReadOnlyList<(long Start, long End)> Ranges { get; }

    public bool HasStar => Ranges.Any(r => r.End == Star);

    public static bool TryParse(ReadOnlySpan<char> text, out SequenceSet set)
    {
        set = new SequenceSet([]);
        if (text.IsEmpty)
        {
            return false;
        }

        var ranges = new List<(long, long)>();
        foreach (var part in text.Split(','))
        {
            var item = text[part];
            var colon = item.IndexOf(':');
            if (colon < 0)
            {
                if (!TryNumber(item, out var n))
                {
                    return false;
                }

                ranges.Add((n, n));
            }
            else
            {
                if (!TryNumber(item[..colon], out var a) || !TryNumber(item[(colon + 1)..], out var b))
                {
                    return false;
                }

                ranges.Add((Math.Min(a, b), Math.Max(a, b)));
            }
        }

        set = new SequenceSet(ranges);
        return true;
    }

    public bool Contains(long n)
    {
        foreach (var (start, end) in Ranges)
        {
            if (n >= start && n <= end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Formats numbers (any order, duplicates allowed) as a compact set: <c>1:3,7,9:10</c>; empty for none.</summary>
    public static string Format(IEnumerable<long> numbers)
    {
        var text = new StringBuilder();
        long start = -1, previous = -1;
        foreach (var n in numbers.Distinct().Order())
        {
            if (start >= 0 && n == previous + 1)
            {
                previous = n;
                continue;
            }

            Append(text, start, previous);
            start = previous = n;
        }

        Append(text, start, previous);
        return text.ToString();
    }

    /// <summary>This set without <paramref name="excluded"/>, as text (<c>*</c> kept); empty when nothing is left.</summary>
    public string Except(IReadOnlyCollection<long> excluded)
    {
        var sorted = excluded.Distinct().Order().ToList();
        var pieces = new List<(long Start, long End)>();
        foreach (var (start, end) in Ranges)
        {
            var from = start;
            foreach (var x in sorted)
            {
                if (x < from || x > end)
                {
                    continue;
                }

                if (x > from)
                {
                    pieces.Add((from, x - 1));
                }

                from = x + 1;
            }

            if (from <= end)
            {
                pieces.Add((from, end));
            }
        }

        var text = new StringBuilder();
        foreach (var (start, end) in pieces)
        {
            text.Append(text.Length > 0 ? "," : "").Append(Number(start));
            if (end != start)
            {
                text.Append(':').Append(Number(end));
            }
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, long start, long end)
    {
        if (start < 0)
        {
            return;
        }

        text.Append(text.Length > 0 ? "," : "").Append(Number(start));
        if (end != start)
        {
            text.Append(':').Append(Number(end));
        }
    }

    private static string Number(long n) => n == Star ? "*" : n.ToString(CultureInfo.InvariantCulture);

    private static bool TryNumber(ReadOnlySpan<char> text, out long n)
    {
        if (text is "*")
        {
            n = Star;
            return true;
        }

        // nz-number = digit-nz *DIGIT
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n) && n > 0 && text[0] != '0';
    }
}
