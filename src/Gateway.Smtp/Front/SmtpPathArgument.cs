using System.Globalization;

namespace Gateway.Smtp.Front;

/// <summary>The address and parameters of a <c>MAIL FROM:</c> or <c>RCPT TO:</c> argument.</summary>
/// <param name="Address">The address without angle brackets; empty for the null path <c>&lt;&gt;</c>.</param>
/// <param name="Parameters">The ESMTP parameters, keyword upper case, value as sent (null without <c>=</c>).</param>
internal sealed record SmtpPathArgument(string Address, IReadOnlyDictionary<string, string?> Parameters)
{
    /// <summary>Parses the argument after <c>MAIL</c> or <c>RCPT</c>, e.g. <c>FROM:&lt;a@b&gt; SIZE=10</c>.</summary>
    /// <remarks>
    /// <code>
    /// mail = "MAIL FROM:" Reverse-path [SP Mail-parameters]   ; RFC 5321 §4.1.1.2
    /// rcpt = "RCPT TO:" Forward-path [SP Rcpt-parameters]     ; RFC 5321 §4.1.1.3
    /// esmtp-param = esmtp-keyword ["=" esmtp-value]           ; §4.1.2
    /// </code>
    /// A space after the colon and a path without brackets are accepted, as Postfix does, because old
    /// clients send them. Source routes (<c>&lt;@a,@b:c@d&gt;</c>) are reduced to the mailbox (§4.1.1.3).
    /// </remarks>
    /// <param name="argument">The text after the verb.</param>
    /// <param name="prefix"><c>FROM:</c> or <c>TO:</c>.</param>
    /// <param name="result">The parsed path and parameters.</param>
    /// <param name="error">What is wrong, for a 501 reply.</param>
    public static bool TryParse(string argument, string prefix, out SmtpPathArgument result, out string error)
    {
        ArgumentNullException.ThrowIfNull(argument);
        result = new SmtpPathArgument("", new Dictionary<string, string?>());
        if (!argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            error = $"syntax: expected {prefix}<address>";
            return false;
        }

        var rest = argument.AsSpan(prefix.Length).TrimStart(' ');
        string address;
        if (rest.StartsWith("<"))
        {
            var close = rest.IndexOf('>');
            if (close < 0)
            {
                error = "syntax: missing '>'";
                return false;
            }

            address = rest[1..close].ToString();
            rest = rest[(close + 1)..];
        }
        else
        {
            var end = rest.IndexOf(' ');
            address = (end < 0 ? rest : rest[..end]).ToString();
            rest = end < 0 ? [] : rest[end..];
        }

        var colon = address.IndexOf(':', StringComparison.Ordinal);
        if (address.StartsWith('@') && colon > 0)
        {
            address = address[(colon + 1)..];
        }

        if (address.Length > 0 && (address.IndexOf('@', StringComparison.Ordinal) <= 0 || address.EndsWith('@') || address.Any(c => c <= ' ' || c == '<' || c == '>')))
        {
            error = $"syntax: '{address}' is not a mail address";
            return false;
        }

        var parameters = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in rest.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var keyword = (equals < 0 ? token : token[..equals]).ToUpperInvariant();
            if (keyword.Length == 0)
            {
                error = $"syntax: bad parameter '{token}'";
                return false;
            }

            parameters[keyword] = equals < 0 ? null : token[(equals + 1)..];
        }

        result = new SmtpPathArgument(address, parameters);
        error = "";
        return true;
    }

    /// <summary>The declared <c>SIZE=</c> (RFC 1870), or null when absent or not a number.</summary>
    public long? DeclaredSize =>
        Parameters.TryGetValue("SIZE", out var size) && long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
