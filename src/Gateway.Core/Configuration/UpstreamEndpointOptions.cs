namespace Gateway.Core.Configuration;

/// <summary>One upstream server: <c>Upstream:Imap</c> or <c>Upstream:Smtp</c>.</summary>
public sealed class UpstreamEndpointOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; }

    public SecurityMode Security { get; set; } = SecurityMode.StartTls;

    /// <summary>Accept any certificate. Off by default; meant for lab servers only.</summary>
    public bool AcceptInvalidCertificate { get; set; }

    /// <summary>A PEM file with extra CA certificates to trust for this server (an internal CA).</summary>
    public string? TrustedCaPath { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
