using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Host;

/// <summary><c>scogw ping</c> against real Dovecot, Postfix and vsftpd.</summary>
[Collection(Collections.MailStack)]
public sealed class PingTests(MailStackFixture servers)
{
    private object Upstreams(object? imap = null, object? smtp = null, string? freeBusy = null) => new
    {
        Upstream = new
        {
            Imap = imap ?? Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT")),
            Smtp = smtp ?? Scogw.Endpoint(servers.Postfix.Port("SMTP_PORT")),
            FreeBusy = new { Url = freeBusy ?? $"ftp://127.0.0.1:{servers.Vsftpd.Port("FTP_PORT")}/pub/calendar/" },
        },
    };

    private static async Task<(int Exit, string[] Lines, string Error)> PingAsync(object configuration, string user, string password)
    {
        var config = Scogw.WriteConfig(configuration);
        var result = await Scogw.RunAsync(["ping", "--config", config, "--user", user, "--password-stdin"], password + "\n");
        return (result.ExitCode, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), result.Error);
    }

    [Fact]
    public async Task RightCredentials_EveryUpstreamPasses_OneLineEach()
    {
        var (exit, lines, error) = await PingAsync(Upstreams(), "alice", "alicepw");

        Assert.True(exit == 0, string.Join('\n', lines) + error);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("IMAP", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("SMTP", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("FreeBusy", lines[2], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.EndsWith("  OK", l, StringComparison.Ordinal));
        Assert.All(lines[..2], l => Assert.Contains("TLS Tls1", l, StringComparison.Ordinal));
        Assert.All(lines[..2], l => Assert.Contains("cert CN=localhost (valid", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains("login ok", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongPassword_EveryUpstreamRejectsTheLogin_ExitNonZero()
    {
        var (exit, lines, _) = await PingAsync(Upstreams(), "alice", "not-alicepw");

        Assert.Equal(1, exit);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains("login rejected", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain("not-alicepw", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImplicitTls_ToTheImapsPort_Passes()
    {
        var (exit, lines, error) = await PingAsync(
            Upstreams(imap: Scogw.Endpoint(servers.Dovecot.Port("IMAPS_PORT"), security: "Tls")), "bob", "bobpw");

        Assert.True(exit == 0, string.Join('\n', lines) + error);
        Assert.Contains("login ok", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntrustedCertificate_FailsBeforeLogin_AndSaysWhy()
    {
        var (exit, lines, _) = await PingAsync(
            Upstreams(imap: Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT"), trustTestCa: false)), "alice", "alicepw");

        Assert.Equal(1, exit);
        Assert.Contains("untrusted root", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("login ok", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("  OK", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptInvalidCertificate_PassesButSaysSo()
    {
        var (exit, lines, error) = await PingAsync(
            Upstreams(imap: Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT"), trustTestCa: false, acceptInvalid: true)), "alice", "alicepw");

        Assert.True(exit == 0, string.Join('\n', lines) + error);
        Assert.Contains("accepted although invalid", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerDown_IsUnreachable_WithConnectionRefused()
    {
        var closedPort = FreePorts.Next();

        var (exit, lines, _) = await PingAsync(Upstreams(smtp: Scogw.Endpoint(closedPort)), "alice", "alicepw");

        Assert.Equal(1, exit);
        Assert.Contains("unreachable", lines[1], StringComparison.Ordinal);
        Assert.Contains("connection refused", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("  OK", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTlsRequired_ButNotOffered_IsRefused()
    {
        await using var plain = await UpstreamServer.StartAsync(
            "dovecot", ["IMAP_PORT", "IMAPS_PORT", "POP3_PORT"], new Dictionary<string, string> { ["DOVECOT_TLS"] = "no" });

        var (exit, lines, _) = await PingAsync(Upstreams(imap: Scogw.Endpoint(plain.Port("IMAP_PORT"))), "alice", "alicepw");

        Assert.Equal(1, exit);
        Assert.Contains("STARTTLS", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("login ok", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreeBusyOverExplicitTls_LogsInOverTls()
    {
        var url = $"ftps://127.0.0.1:{servers.Vsftpd.Port("FTP_PORT")}/pub/calendar/";
        var configuration = new
        {
            Upstream = new { FreeBusy = new { Url = url, TrustedCaPath = TestTls.CaPath } },
        };

        var (exit, lines, error) = await PingAsync(configuration, "carol", "carolpw");

        Assert.True(exit == 0, string.Join('\n', lines) + error);
        Assert.Contains("TLS Tls1", Assert.Single(lines), StringComparison.Ordinal);
    }
}
