namespace Gateway.FreeBusy.Wire;

/// <summary>Limits of the command reader.</summary>
internal sealed record FtpLimits
{
    /// <summary>Longest command line in bytes, CRLF included.</summary>
    public int MaxLineLength { get; init; } = 2048;
}
