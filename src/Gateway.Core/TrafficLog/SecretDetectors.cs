namespace Gateway.Core.TrafficLog;

/// <summary>Creates the secret detector for a protocol.</summary>
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

    /// <summary>Splits off the first space-separated word at <paramref name="start"/>; returns its end.</summary>
    public static int WordEnd(string line, int start)
    {
        var space = line.IndexOf(' ', start);
        return space < 0 ? line.Length : space;
    }

    /// <summary>The word at <paramref name="start"/> and the index after it and its following space.</summary>
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
}
