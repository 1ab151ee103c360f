namespace Gateway.Core.Upstream;

/// <summary>One FTP server reply (RFC 959 section 4.2): a three-digit code and its text lines.</summary>
internal sealed record FtpReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>The reply text without codes, lines joined by a space.</summary>
    public string Text => string.Join(" ", Lines).Trim();

    /// <summary>Whether the code is 1yz (preliminary; another reply follows).</summary>
    public bool IsPreliminary => Code is >= 100 and < 200;

    /// <summary>Whether the code is 2yz (positive completion).</summary>
    public bool IsPositiveCompletion => Code is >= 200 and < 300;

    public override string ToString() => $"{Code} {Text}";
}
