using System.Text;

namespace Gateway.Imap.Wire;

/// <summary>Writes a string as an atom, a quoted string or a literal, whichever IMAP requires.</summary>
internal static class ImapQuoting
{
    /// <summary>Formats <paramref name="value"/> as an astring: quoted unless it needs a literal.</summary>
    /// <param name="value">The string.</param>
    /// <param name="literalPlus">The peer accepts non-synchronising literals <c>{n+}</c>.</param>
    /// <returns>The text to send; a literal's header, CRLF and contents are included.</returns>
    public static string AString(string value, bool literalPlus)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 || value.Length > 1024)
        {
            return $"{{{Encoding.UTF8.GetByteCount(value)}{(literalPlus ? "+" : "")}}}\r\n{value}";
        }

        return Quoted(value);
    }

    /// <summary>Formats <paramref name="value"/> as a quoted string, escaping <c>"</c> and <c>\</c>.</summary>
    public static string Quoted(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
    }
}
