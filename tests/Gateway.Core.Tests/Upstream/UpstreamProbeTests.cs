using System.Net;
using System.Net.Sockets;
using Gateway.Core.Configuration;
using Gateway.Core.Upstream;

namespace Gateway.Core.Tests.Upstream;

/// <summary>
/// Probe outcomes that need no server; logins, TLS and STARTTLS against real Dovecot, Postfix, Cyrus,
/// Courier and vsftpd are in Gateway.IntegrationTests (PingTests).
/// </summary>
public sealed class UpstreamProbeTests
{
    private readonly UpstreamProbe _probe = new(new UpstreamOptions { ConnectTimeoutSeconds = 5, ReadTimeoutSeconds = 5 });

    [Fact]
    public async Task Refused_port_is_unreachable_with_connection_refused()
    {
        var endpoint = new UpstreamEndpointOptions { Host = "127.0.0.1", Port = UnusedPort(), Security = SecurityMode.None };

        var result = await _probe.ProbeImapAsync(endpoint, "anna", "pw", default);

        Assert.False(result.Reachable);
        Assert.False(result.Ok);
        Assert.Null(result.Authenticated);
        Assert.Equal("connection refused", result.Error);
        Assert.Contains("unreachable", result.ToLine(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreeBusy_without_url_is_reported_not_thrown()
    {
        var result = await _probe.ProbeFreeBusyAsync(new FreeBusyUpstreamOptions(), "anna", "pw", default);

        Assert.False(result.Ok);
        Assert.Contains("Url", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreeBusy_with_an_unsupported_scheme_is_reported_not_thrown()
    {
        var result = await _probe.ProbeFreeBusyAsync(new FreeBusyUpstreamOptions { Url = new Uri("gopher://127.0.0.1/") }, "anna", "pw", default);

        Assert.False(result.Ok);
        Assert.Contains("gopher", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_host_is_reported_not_thrown()
    {
        var result = await _probe.ProbeSmtpAsync(new UpstreamEndpointOptions { Host = "", Port = 25 }, "anna", "pw", default);

        Assert.False(result.Ok);
        Assert.Equal("no host configured", result.Error);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
