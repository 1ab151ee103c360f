using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Imap;

/// <summary>Outlook compatibility of the relay against real Dovecot: DelayNewMail and the transparent IDLE refresh.</summary>
[Collection(Collections.MailStack)]
public sealed class ImapSessionBehaviourTests(MailStackFixture servers)
{
    private static async Task<RawImapSession> LoginAsync(GatewayInstance gateway, string user)
    {
        var session = await RawImapSession.OpenAsync(gateway.Imap);
        await session.SendAsync($"l1 LOGIN {user} {user}pw");
        Assert.StartsWith("l1 OK", await session.ReadTaggedAsync("l1"), StringComparison.Ordinal);
        return session;
    }

    private static async Task AppendAsync(GatewayInstance gateway, string user, string folder)
    {
        await using var writer = await LoginAsync(gateway, user);
        const string Message = "Subject: new mail\r\n\r\nhello\r\n";
        await writer.SendAsync($"w1 APPEND {folder} {{{Message.Length}+}}\r\n{Message}");
        Assert.StartsWith("w1 OK", await writer.ReadTaggedAsync("w1"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NewMailOutsideIdle_IsHeldUntilNoop_WhenDelayNewMailIsOn(bool delayNewMail)
    {
        var folder = "Delay" + Guid.NewGuid().ToString("N")[..6];
        await using var gateway = await GatewayInstance.StartAsync(
            Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT")), new { DelayNewMail = delayNewMail });
        await using var reader = await LoginAsync(gateway, "bob");
        await reader.SendAsync($"a1 CREATE {folder}");
        await reader.ReadTaggedAsync("a1");
        await AppendAsync(gateway, "bob", folder);
        await reader.SendAsync($"a2 SELECT {folder}");
        Assert.Contains("* 1 EXISTS", await reader.ReadResponseAsync("a2"));

        await AppendAsync(gateway, "bob", folder);

        // Dovecot reports the new message after the next command; FETCH must not carry it when delayed.
        var fetch = await reader.SendThenReadAsync("a3 FETCH 1 (FLAGS)", "a3");
        Assert.Equal(!delayNewMail, fetch.Contains("* 2 EXISTS"));
        var noop = await reader.SendThenReadAsync("a4 NOOP", "a4");
        Assert.Equal(delayNewMail, noop.Contains("* 2 EXISTS"));
        await reader.SendAsync($"a5 CLOSE\r\na6 DELETE {folder}");
        await reader.ReadTaggedAsync("a6");
    }

    [Fact]
    public async Task LongIdle_IsReissuedUpstream_InvisiblyToTheClient()
    {
        var folder = "Idle" + Guid.NewGuid().ToString("N")[..6];
        await using var gateway = await GatewayInstance.StartAsync(
            Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT")), new { IdleRefreshSeconds = 10 });
        await using var idler = await LoginAsync(gateway, "carol");
        await idler.SendAsync($"a1 CREATE {folder}");
        await idler.ReadTaggedAsync("a1");
        await idler.SendAsync($"a2 SELECT {folder}");
        await idler.ReadTaggedAsync("a2");
        await idler.SendAsync("a3 IDLE");
        Assert.StartsWith("+", await idler.ReadLineAsync(), StringComparison.Ordinal);

        await gateway.Events.WaitForAsync("re-issued IDLE upstream", TimeSpan.FromSeconds(60));
        await AppendAsync(gateway, "carol", folder);

        // Dovecot may interleave its "* OK Still here" keepalives; anything else before EXISTS is wrong.
        var line = await idler.ReadLineAsync();
        while (line.StartsWith("* OK ", StringComparison.Ordinal))
        {
            line = await idler.ReadLineAsync();
        }

        Assert.Equal("* 1 EXISTS", line);
        await idler.SendAsync("DONE");
        var completion = await idler.ReadResponseAsync("a3");
        Assert.StartsWith("a3 OK", completion[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(completion, l => l.StartsWith('+') || l.Contains("SCOGW", StringComparison.Ordinal));
        await idler.SendAsync($"a4 CLOSE\r\na5 DELETE {folder}");
        await idler.ReadTaggedAsync("a5");
    }
}
