namespace Gateway.Core.TrafficLog;

/// <summary>Creates the secret detector for a protocol, and the word helpers the detectors share.</summary>
internal static class SecretDetectors
{
    public const string Redacted = "***";

    public static ISecretDetector Create(TrafficProtocol protocol) => protocol switch
    {
        TrafficProtocol.Imap => new ImapSecretDetector(),
        TrafficProtocol.Smtp => new SmtpSecretDetector(),
        TrafficProtocol.Ftp => new FtpSecretDetector(),
        TrafficProtocol.Pop3 => new Pop3SecretDetector(),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>The index of the first space at or after <paramref name="start"/>, or the line's length.</summary>
    public static int WordEnd(string line, int start)
    {
        var space = line.IndexOf(' ', start);
        return space < 0 ? line.Length : space;
    }

    /// <summary>The word at <paramref name="position"/> (leading spaces skipped); moves past it.</summary>
    public static string Word(string line, ref int position)
    {
        while (position < line.Length && line[position] == ' ')
        {
            position++;
        }

        var end = WordEnd(line, position);
        var word = line[position..end];
        position = end;
        return word;
    }

    /// <summary>Whether something other than spaces follows <paramref name="position"/>.</summary>
    public static bool HasMore(string line, int position) => line.AsSpan(position).Trim(' ').Length > 0;

    /// <summary>Case-insensitive comparison of a command verb with the keywords.</summary>
    public static bool IsAny(string verb, params ReadOnlySpan<string> keywords)
    {
        foreach (var keyword in keywords)
        {
            if (verb.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
