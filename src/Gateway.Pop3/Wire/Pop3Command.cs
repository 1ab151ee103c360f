using System.Globalization;

namespace Gateway.Pop3.Wire;

/// <summary>One POP3 command line, split into its keyword and arguments.</summary>
/// <remarks>
/// <code>command = keyword *(SP argument) CRLF   ; RFC 1939 §3, keywords case-insensitive</code>
/// Parsing is lenient as Cyrus and Courier are for Outlook: runs of spaces or tabs separate
/// arguments and trailing white space is ignored (Outlook sends <c>AUTH </c>).
/// </remarks>
internal sealed class Pop3Command
{
    private static readonly char[] Separators = [' ', '\t'];

    private Pop3Command(string verb, string[] arguments, string rest)
    {
        Verb = verb;
        Arguments = arguments;
        Rest = rest;
    }

    /// <summary>The keyword in upper case, e.g. <c>RETR</c>; empty for an empty line.</summary>
    public string Verb { get; }

    /// <summary>The arguments after the keyword.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Everything after the keyword and one separator, unchanged: <c>PASS</c> takes spaces as part of the password (RFC 1939 §7).</summary>
    public string Rest { get; }

    public static Pop3Command Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var trimmed = line.TrimStart(Separators);
        var end = trimmed.IndexOfAny(Separators);
        var verb = (end < 0 ? trimmed : trimmed[..end]).ToUpperInvariant();
        var rest = end < 0 ? "" : trimmed[(end + 1)..];
        var arguments = rest.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        return new Pop3Command(verb, arguments, rest);
    }

    /// <summary>Parses a message number or line count: decimal digits only, no sign, no leading white space.</summary>
    public static bool TryParseNumber(string text, out int value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        return text.Length is > 0 and <= 10 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The command for diagnostics, with <c>PASS</c>, <c>APOP</c> and <c>AUTH</c> arguments replaced by <c>***</c>.</summary>
    public string ToSanitizedString() => Verb switch
    {
        "PASS" or "APOP" => $"{Verb} ***",
        "AUTH" when Arguments.Count > 1 => $"{Verb} {Arguments[0]} ***",
        _ => Arguments.Count == 0 ? Verb : $"{Verb} {string.Join(' ', Arguments)}",
    };
}
