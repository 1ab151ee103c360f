using System.Text;

namespace Gateway.Imap.Wire;

/// <summary>
/// Splits one line segment (without CRLF) into tokens: atoms, quoted strings, literal headers and
/// parentheses. Used where the gateway must understand a command (front door, transforms); the relay
/// forwards untouched lines as raw bytes.
/// </summary>
/// <remarks>
/// <c>astring = 1*ASTRING-CHAR / string</c>, <c>string = quoted / literal</c>,
/// <c>quoted = DQUOTE *QUOTED-CHAR DQUOTE</c>, <c>QUOTED-CHAR = &lt;any TEXT-CHAR except quoted-specials&gt; / "\" quoted-specials</c>
/// (RFC 3501 §9). 8-bit bytes are accepted and decoded as UTF-8 (RFC 6855).
/// </remarks>
internal static class ImapTokenizer
{
    /// <summary>Appends the tokens of <paramref name="line"/> to <paramref name="tokens"/>; false with a reason on bad syntax.</summary>
    public static bool TryTokenize(ReadOnlySpan<byte> line, List<ImapToken> tokens, out string? error)
    {
        error = null;
        var i = 0;
        while (i < line.Length)
        {
            var b = line[i];
            switch (b)
            {
                case (byte)' ':
                    i++;
                    continue;
                case (byte)'(':
                    tokens.Add(new ImapToken(ImapTokenKind.ListOpen, "("));
                    i++;
                    continue;
                case (byte)')':
                    tokens.Add(new ImapToken(ImapTokenKind.ListClose, ")"));
                    i++;
                    continue;
                case (byte)'"':
                    if (!TryQuoted(line, ref i, out var quoted, out error))
                    {
                        return false;
                    }

                    tokens.Add(new ImapToken(ImapTokenKind.QuotedString, quoted));
                    continue;
                case (byte)'{':
                case (byte)'~' when i + 1 < line.Length && line[i + 1] == (byte)'{':
                    if (!ImapSegmentReader.TryParseTrailingLiteral(line[i..], out var header) || line[^1] != (byte)'}' || line[i..].IndexOf((byte)'}') != line.Length - i - 1)
                    {
                        error = "invalid literal: a literal {n} must end the line";
                        return false;
                    }

                    tokens.Add(new ImapToken(ImapTokenKind.Literal, header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    return true;
                case < 0x20 or 0x7f:
                    error = "control character in command";
                    return false;
                default:
                    var start = i;
                    while (i < line.Length && line[i] is not ((byte)' ' or (byte)'(' or (byte)')' or (byte)'"' or < 0x20 or 0x7f))
                    {
                        i++;
                    }

                    tokens.Add(new ImapToken(ImapTokenKind.Atom, Encoding.UTF8.GetString(line[start..i])));
                    continue;
            }
        }

        return true;
    }

    private static bool TryQuoted(ReadOnlySpan<byte> line, ref int i, out string value, out string? error)
    {
        var text = new List<byte>();
        for (var j = i + 1; j < line.Length; j++)
        {
            var b = line[j];
            if (b == (byte)'\\')
            {
                if (j + 1 >= line.Length || line[j + 1] is not ((byte)'"' or (byte)'\\'))
                {
                    break;
                }

                text.Add(line[++j]);
                continue;
            }

            if (b == (byte)'"')
            {
                i = j + 1;
                value = Encoding.UTF8.GetString([.. text]);
                error = null;
                return true;
            }

            if (b is (byte)'\r' or (byte)'\n' or 0)
            {
                break;
            }

            text.Add(b);
        }

        value = "";
        error = "unterminated or invalid quoted string";
        return false;
    }
}
