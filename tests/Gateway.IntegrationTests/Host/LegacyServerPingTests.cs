using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Host;

/// <summary><c>scogw ping</c> against the real Cyrus and Courier servers (IMAP only).</summary>
internal static class LegacyServerPing
{
    public static async Task AssertAsync(UpstreamServer server, string port, string security, string password, bool accepted)
    {
        var config = Scogw.WriteConfig(new { Upstream = new { Imap = Scogw.Endpoint(server.Port(port), security) } });

        var result = await Scogw.RunAsync(["ping", "--config", config, "--user", "alice", "--password-stdin"], password + "\n");

        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cert CN=localhost (valid", line, StringComparison.Ordinal);
        Assert.Contains(accepted ? "login ok" : "login rejected", line, StringComparison.Ordinal);
        Assert.Equal(accepted ? 0 : 1, result.ExitCode);
    }
}

[Collection(Collections.Cyrus)]
public sealed class CyrusPingTests(CyrusFixture cyrus)
{
    [Theory]
    [InlineData("IMAP_PORT", "StartTls", "alicepw", true)]
    [InlineData("IMAPS_PORT", "Tls", "alicepw", true)]
    [InlineData("IMAP_PORT", "StartTls", "wrong", false)]
    public Task Ping(string port, string security, string password, bool accepted) =>
        LegacyServerPing.AssertAsync(cyrus.Server, port, security, password, accepted);
}

[Collection(Collections.Courier)]
public sealed class CourierPingTests(CourierFixture courier)
{
    [Theory]
    [InlineData("IMAP_PORT", "StartTls", "alicepw", true)]
    [InlineData("IMAPS_PORT", "Tls", "alicepw", true)]
    [InlineData("IMAP_PORT", "StartTls", "wrong", false)]
    public Task Ping(string port, string security, string password, bool accepted) =>
        LegacyServerPing.AssertAsync(courier.Server, port, security, password, accepted);
}
