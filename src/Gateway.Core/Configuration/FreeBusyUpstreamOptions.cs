namespace Gateway.Core.Configuration;

/// <summary><c>Upstream:FreeBusy</c>: where published free/busy files go.</summary>
public sealed class FreeBusyUpstreamOptions
{
    /// <summary><c>ftp://</c>, <c>ftps://</c> (explicit TLS), <c>http://</c>, <c>https://</c> or <c>imap://</c> folder URL.</summary>
    public Uri? Url { get; set; }

    public bool AcceptInvalidCertificate { get; set; }

    public string? TrustedCaPath { get; set; }
}
