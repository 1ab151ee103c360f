namespace Gateway.Smtp.Front;

/// <summary>One client command line split into its verb (upper case) and the rest.</summary>
internal readonly record struct SmtpCommand(string Verb, string Argument)
{
    /// <summary>Splits <c>VERB [SP argument]</c> (RFC 5321 §4.1.1); the line excludes CRLF.</summary>
    public static SmtpCommand Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0
            ? new SmtpCommand(line.ToUpperInvariant(), "")
            : new SmtpCommand(line[..space].ToUpperInvariant(), line[(space + 1)..].Trim(' '));
    }

    /// <summary>The command for diagnostics, with AUTH payloads replaced by ***.</summary>
    public string ToSanitizedString() => Verb == "AUTH" && Argument.Contains(' ', StringComparison.Ordinal)
        ? $"AUTH {Argument[..Argument.IndexOf(' ', StringComparison.Ordinal)]} ***"
        : Argument.Length == 0 ? Verb : $"{Verb} {Argument}";
}
