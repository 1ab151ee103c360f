namespace Gateway.FreeBusy.Session;

/// <summary>A resolved path: its kind, the canonical path, the last segment (for files) and, when refused, why.</summary>
internal readonly record struct FtpPathResult(FtpPathKind Kind, string Path, string? Name, string? Reason)
{
    public static FtpPathResult Refused(string reason) => new(FtpPathKind.Refused, "", null, reason);
}
