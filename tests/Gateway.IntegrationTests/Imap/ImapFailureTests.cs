using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Imap;

/// <summary>What the client sees when the login or the mail server goes wrong, byte by byte on a raw socket.</summary>
[Collection(Collections.MailStack)]
public sealed class ImapFailureTests(MailStackFixture servers)
{
    private static async Task<string> LoginAsync(GatewayInstance gateway, string password)
    {
        await using var session = await RawImapSession.OpenAsync(gateway.Imap);
        await session.SendAsync($"a1 LOGIN alice {password}");
        return await session.ReadTaggedAsync("a1");
    }

    [Fact]
    public async Task WrongPassword_IsAuthenticationFailed_AndTheSessionGoesOn()
    {
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT")));
        await using var session = await RawImapSession.OpenAsync(gateway.Imap);

        await session.SendAsync("a1 LOGIN alice nope");
        Assert.Equal("a1 NO [AUTHENTICATIONFAILED] Authentication failed", await session.ReadTaggedAsync("a1"));
        await session.SendAsync("a2 LOGIN alice alicepw");
        Assert.StartsWith("a2 OK [CAPABILITY IMAP4rev1", await session.ReadTaggedAsync("a2"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamDown_IsUnavailable_WithAReadableReason()
    {
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(FreePorts.Next()));

        var reply = await LoginAsync(gateway, "alicepw");

        Assert.StartsWith("a1 NO [UNAVAILABLE] mail server 127.0.0.1:", reply, StringComparison.Ordinal);
        Assert.EndsWith("not reachable: connection refused", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntrustedCertificate_IsUnavailable_AndNoPasswordIsSent()
    {
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT"), trustTestCa: false));

        var reply = await LoginAsync(gateway, "alicepw");

        Assert.StartsWith("a1 NO [UNAVAILABLE] ", reply, StringComparison.Ordinal);
        Assert.Contains("certificate not trusted (untrusted root", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("AUTHENTICATE", gateway.TrafficLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImplicitTlsUpstream_Works()
    {
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(servers.Dovecot.Port("IMAPS_PORT"), security: "Tls"));

        Assert.StartsWith("a1 OK ", await LoginAsync(gateway, "alicepw"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTlsRequiredButMissing_IsUnavailable_AndNoPasswordIsSent()
    {
        await using var plain = await UpstreamServer.StartAsync(
            "dovecot", ["IMAP_PORT", "IMAPS_PORT", "POP3_PORT"], new Dictionary<string, string> { ["DOVECOT_TLS"] = "no" });
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(plain.Port("IMAP_PORT")));

        var reply = await LoginAsync(gateway, "alicepw");

        Assert.Contains("[UNAVAILABLE]", reply, StringComparison.Ordinal);
        Assert.Contains("does not offer STARTTLS", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("AUTHENTICATE", gateway.TrafficLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInputBeforeLogin_GetsBad_AndTooManyEndsWithBye()
    {
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT")));
        await using var session = await RawImapSession.OpenAsync(gateway.Imap);

        await session.SendAsync("a1 SELECT INBOX");
        Assert.Equal("a1 NO [AUTHORIZATIONFAILED] Log in first", await session.ReadTaggedAsync("a1"));
        await session.SendAsync("a2 LOGIN \"unterminated");
        Assert.StartsWith("* BAD", await session.ReadLineAsync(), StringComparison.Ordinal);
        for (var i = 0; i < 9; i++)
        {
            await session.SendAsync($"b{i} FROBNICATE");
        }

        var last = await session.ReadToEndAsync();
        Assert.Contains("* BYE Too many invalid commands", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamKilledMidFetch_ClientGetsByeWithinFiveSeconds_OtherSessionsGoOn()
    {
        await using var doomed = await UpstreamServer.StartAsync("dovecot", ["IMAP_PORT", "IMAPS_PORT", "POP3_PORT"]);
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(doomed.Port("IMAP_PORT")));
        await using var healthy = await GatewayInstance.StartAsync(Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT")));
        await using var session = await RawImapSession.OpenAsync(gateway.Imap);
        await session.SendAsync("a1 LOGIN bob bobpw");
        await session.ReadTaggedAsync("a1");
        var big = new string('x', 76);
        var message = $"Subject: big\r\n\r\n{string.Concat(Enumerable.Repeat(big + "\r\n", 200_000))}";
        await session.SendAsync($"a2 APPEND INBOX {{{Encoding.ASCII.GetByteCount(message)}+}}\r\n{message}");
        Assert.StartsWith("a2 OK", await session.ReadTaggedAsync("a2"), StringComparison.Ordinal);
        await session.SendAsync("a3 SELECT INBOX");
        await session.ReadTaggedAsync("a3");

        await session.SendAsync("a4 FETCH 1:* BODY[]");
        Assert.StartsWith("* ", await session.ReadLineAsync(), StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        var stop = ProcessRunner.RunAsync(RepositoryPaths.UpstreamScript("dovecot"), ["stop", doomed.StateDirectory], doomed.Environment);
        var rest = await session.ReadToEndAsync();
        var closed = clock.Elapsed;
        await stop;
        var dead = clock.Elapsed;

        // The stop script itself waits for Dovecot to exit; the bound is from the server's death, at the latest.
        Assert.True(closed < dead + TimeSpan.FromSeconds(5), $"connection closed after {closed}, server stopped after {dead}");
        Assert.Contains("* BYE", rest[^Math.Min(rest.Length, 300)..], StringComparison.Ordinal);
        await using var other = await RawImapSession.OpenAsync(healthy.Imap);
        await other.SendAsync("b1 LOGIN carol carolpw");
        Assert.StartsWith("b1 OK", await other.ReadTaggedAsync("b1"), StringComparison.Ordinal);
    }
}
