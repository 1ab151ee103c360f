namespace Gateway.Core.Configuration;

/// <summary>The <c>Upstream</c> section: the real servers behind the gateway.</summary>
public sealed class UpstreamOptions
{
    public UpstreamEndpointOptions Imap { get; set; } = new() { Port = 143 };

    public UpstreamEndpointOptions Smtp { get; set; } = new() { Port = 587 };

    public FreeBusyUpstreamOptions FreeBusy { get; set; } = new();

    public ServerProfile Profile { get; set; } = ServerProfile.Auto;

    /// <summary>Seconds to wait for an upstream TCP connect and TLS handshake.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 15;

    /// <summary>Seconds to wait for an upstream reply before the connection counts as failed.</summary>
    public int ReadTimeoutSeconds { get; set; } = 60;
}
