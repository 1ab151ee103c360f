using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gateway.Imap.Hierarchy;

/// <summary>
/// IMAP modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable ASCII stands for itself,
/// <c>&amp;</c> is <c>&amp;-</c>, anything else is modified BASE64 of UTF-16BE between <c>&amp;</c> and <c>-</c>.
/// </summary>
/// <remarks>
/// <code>
/// mailbox name = *( printable-ascii-except-"&amp;" / "&amp;-" / "&amp;" modified-base64 "-" )
/// modified-base64 = 1*( ALPHA / DIGIT / "+" / "," )      ; "," replaces "/" of RFC 2045 BASE64, no "=" padding
/// </code>
/// Not <c>System.Text.UTF7Encoding</c>: that is RFC 2152 (<c>+</c>, <c>/</c>) and obsolete (SYSLIB0001).
/// </remarks>
internal static class ModifiedUtf7
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    /// <summary>Encodes a decoded mailbox name; the result is pure printable ASCII and decodes back to <paramref name="name"/>.</summary>
    /// <remarks>UTF-16 code units are encoded as they are, so a lone surrogate is encoded too (and rejected by <see cref="TryDecode"/>).</remarks>
    public static string Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsPlainAscii(name))
        {
            return name;
        }

        var sb = new StringBuilder(name.Length + 8);
        var i = 0;
        while (i < name.Length)
        {
            var c = name[i];
            if (c == '&')
            {
                sb.Append("&-");
                i++;
            }
            else if (IsPrintable(c))
            {
                sb.Append(c);
                i++;
            }
            else
            {
                var start = i;
                while (i < name.Length && !IsPrintable(name[i]))
                {
                    i++;
                }

                sb.Append('&');
                AppendBase64(sb, name.AsSpan(start, i - start));
                sb.Append('-');
            }
        }

        return sb.ToString();
    }

    /// <summary>Decodes a wire mailbox name strictly; false with a readable reason for anything RFC 3501 §5.1.3 forbids.</summary>
    /// <remarks>
    /// Rejected: a character outside printable ASCII, an unterminated shift, a BASE64 run that is empty
    /// (other than <c>&amp;-</c>), has leftover bits that are not zero, does not end on a UTF-16 unit,
    /// encodes a printable ASCII character, or a lone surrogate, and a null shift (<c>-&amp;</c> restarting
    /// BASE64 right after it ended).
    /// </remarks>
    public static bool TryDecode(string encoded, [NotNullWhen(true)] out string? decoded, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        decoded = null;
        if (encoded.IndexOf('&', StringComparison.Ordinal) < 0)
        {
            for (var k = 0; k < encoded.Length; k++)
            {
                if (!IsPrintable(encoded[k]))
                {
                    error = NotPrintable(encoded[k], k);
                    return false;
                }
            }

            decoded = encoded;
            error = null;
            return true;
        }

        var sb = new StringBuilder(encoded.Length);
        var lastShiftEnd = -1;
        var i = 0;
        while (i < encoded.Length)
        {
            var c = encoded[i];
            if (!IsPrintable(c))
            {
                error = NotPrintable(c, i);
                return false;
            }

            if (c != '&')
            {
                sb.Append(c);
                i++;
                continue;
            }

            var end = encoded.IndexOf('-', i + 1);
            if (end < 0)
            {
                error = $"unterminated '&' shift at offset {i} (a BASE64 run must end with '-')";
                return false;
            }

            if (end == i + 1)
            {
                sb.Append('&');
                i = end + 1;
                continue;
            }

            if (lastShiftEnd == i)
            {
                error = $"null shift at offset {i} ('-&' restarts BASE64 that should have continued)";
                return false;
            }

            if (!TryDecodeRun(encoded.AsSpan(i + 1, end - i - 1), i + 1, sb, out error))
            {
                return false;
            }

            i = end + 1;
            lastShiftEnd = i;
        }

        decoded = sb.ToString();
        error = null;
        return true;
    }

    /// <summary>Decodes strictly, or returns <paramref name="encoded"/> unchanged when it is not valid modified UTF-7.</summary>
    /// <remarks>Used on server names so a name some server stored in a non-canonical form never breaks LIST.</remarks>
    public static string DecodeLenient(string encoded) => TryDecode(encoded, out var decoded, out _) ? decoded : encoded;

    private static bool IsPrintable(char c) => c is >= ' ' and <= '~';

    private static bool IsPlainAscii(string s)
    {
        foreach (var c in s)
        {
            if (!IsPrintable(c) || c == '&')
            {
                return false;
            }
        }

        return true;
    }

    private static string NotPrintable(char c, int offset) =>
        $"character U+{(int)c:X4} at offset {offset} is not printable ASCII (it must be encoded as '&...-')";

    private static void AppendBase64(StringBuilder sb, ReadOnlySpan<char> units)
    {
        var bits = 0;
        var buffer = 0;
        foreach (var unit in units)
        {
            buffer = (buffer << 16) | unit;
            bits += 16;
            while (bits >= 6)
            {
                bits -= 6;
                sb.Append(Alphabet[(buffer >> bits) & 0x3f]);
            }

            buffer &= (1 << bits) - 1;
        }

        if (bits > 0)
        {
            sb.Append(Alphabet[(buffer << (6 - bits)) & 0x3f]);
        }
    }

    private static bool TryDecodeRun(ReadOnlySpan<char> run, int offset, StringBuilder sb, [NotNullWhen(false)] out string? error)
    {
        var bits = 0;
        var buffer = 0;
        var start = sb.Length;
        for (var k = 0; k < run.Length; k++)
        {
            var value = Alphabet.IndexOf(run[k], StringComparison.Ordinal);
            if (value < 0)
            {
                error = $"'{run[k]}' at offset {offset + k} is not a modified BASE64 character";
                return false;
            }

            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits >= 16)
            {
                bits -= 16;
                sb.Append((char)((buffer >> bits) & 0xffff));
                buffer &= (1 << bits) - 1;
            }
        }

        if (bits >= 6 || buffer != 0)
        {
            error = $"BASE64 run at offset {offset} does not end on a whole UTF-16 character";
            return false;
        }

        for (var k = start; k < sb.Length; k++)
        {
            var unit = sb[k];
            if (IsPrintable(unit))
            {
                error = $"BASE64 run at offset {offset} encodes the printable ASCII character '{unit}', which must stand for itself";
                return false;
            }

            if (char.IsHighSurrogate(unit) && (k + 1 >= sb.Length || !char.IsLowSurrogate(sb[k + 1])))
            {
                error = $"BASE64 run at offset {offset} contains an unpaired UTF-16 surrogate";
                return false;
            }

            if (char.IsLowSurrogate(unit) && (k == start || !char.IsHighSurrogate(sb[k - 1])))
            {
                error = $"BASE64 run at offset {offset} contains an unpaired UTF-16 surrogate";
                return false;
            }
        }

        error = null;
        return true;
    }
}
