using System.Buffers;
using System.Globalization;
using System.Text;

namespace Gateway.FreeBusy.Wire;

/// <summary>Formats FTP replies. Pure: text never breaks the reply framing, whatever it contains.</summary>
internal static class FtpReplyWriter
{
    /// <summary>Writes a reply; a text with line breaks becomes a multi-line reply.</summary>
    /// <remarks>
    /// <code>
    /// reply      = code SP text CRLF                                  ; RFC 959 §4.2
    /// multi-line = code "-" text CRLF *(line CRLF) code SP text CRLF
    /// </code>
    /// Inner lines that start with a digit get a leading space, so no client mistakes one for the last
    /// line. Control characters in the text become <c>?</c>.
    /// </remarks>
    public static void Write(IBufferWriter<byte> output, int code, string text)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Format(code, text));
    }

    /// <summary>The bytes of the reply <paramref name="code"/> <paramref name="text"/>.</summary>
    public static byte[] Format(int code, string text)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        ArgumentNullException.ThrowIfNull(text);
        var codeText = code.ToString(CultureInfo.InvariantCulture);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var reply = new StringBuilder(text.Length + 16);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = Sanitize(lines[i]);
            if (i == 0)
            {
                reply.Append(codeText).Append(lines.Length == 1 ? ' ' : '-').Append(line);
            }
            else if (i == lines.Length - 1)
            {
                reply.Append(codeText).Append(' ').Append(line);
            }
            else
            {
                reply.Append(line.Length > 0 && char.IsAsciiDigit(line[0]) ? " " : "").Append(line);
            }

            reply.Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(reply.ToString());
    }

    /// <summary>Quotes a path for a 257 reply: surrounded by quotes, inner quotes doubled (RFC 959 Appendix II).</summary>
    public static string QuotePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return "\"" + path.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string Sanitize(string line)
    {
        if (!line.AsSpan().ContainsAnyInRange('\0', '\u001F') && !line.Contains('\u007F', StringComparison.Ordinal))
        {
            return line;
        }

        var chars = line.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] < ' ' || chars[i] == '\u007F')
            {
                chars[i] = '?';
            }
        }

        return new string(chars);
    }
}
