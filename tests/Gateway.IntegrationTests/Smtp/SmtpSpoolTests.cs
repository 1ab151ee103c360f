using Gateway.IntegrationTests.Fixtures;
using Gateway.Smtp.Spool;
using MailKit.Search;
using MimeKit;

namespace Gateway.IntegrationTests.Smtp;

/// <summary>The spool against a Postfix that is stopped and started again (<see cref="SparePostfix"/>).</summary>
[Collection(Collections.MailStack)]
public sealed class SmtpSpoolTests(MailStackFixture servers, SparePostfix spare) : IClassFixture<SparePostfix>
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    private static object QuickRetries(int first = 1) => new { LocalDomains = new[] { "lab.test" }, RetryFirstSeconds = first, RetryMaxSeconds = Math.Max(first, 2) };

    [Fact]
    public async Task PostfixStopped_ClientGets250AndTheMessageIsSpooled_ThenDeliveredExactlyOnce()
    {
        var postfix = await spare.GetAsync(servers);
        await postfix.StopAsync();
        await using var gateway = await SmtpGateway.StartAsync(servers, postfix, QuickRetries());
        var message = TestMessages.Text("alice@lab.test", "bob@lab.test", "spooled while Postfix is down");

        string id;
        using (var client = await gateway.ConnectAsync())
        {
            id = QueuedId(await client.SendAsync(message));
        }

        var spool = new MessageSpool(gateway.SpoolPath);
        Assert.True(spool.TryRead(id, out var envelope, out _));
        Assert.Equal("alice", envelope.User);
        Assert.Contains("connection refused", envelope.LastError, StringComparison.Ordinal);
        Assert.True(File.Exists(spool.MessagePath(id)));
        Assert.DoesNotContain("alicepw", await File.ReadAllTextAsync(spool.EnvelopePath(id)), StringComparison.Ordinal);

        await postfix.StartAgainAsync();
        await gateway.Events.WaitForAsync($"delivered {id} from", Delivery);

        await using var inbox = await Inbox.OpenAsync(servers, "bob");
        Assert.Single(await inbox.WaitForAsync(message.MessageId!));
        Assert.Empty(spool.List(out _));
        Assert.Equal(1, await inbox.CountAsync(message.MessageId!));
    }

    [Fact]
    public async Task PermanentFailureOfASpooledMessage_PutsADsnIntoTheSendersInbox()
    {
        var postfix = await spare.GetAsync(servers);
        await postfix.StopAsync();
        await using var gateway = await SmtpGateway.StartAsync(servers, postfix, QuickRetries());
        var message = TestMessages.Text("alice@lab.test", "bob@lab.test", "half of it bounces");
        message.To.Add(MailboxAddress.Parse("nobody@lab.test"));

        string id;
        using (var client = await gateway.ConnectAsync())
        {
            id = QueuedId(await client.SendAsync(message));
        }

        await postfix.StartAgainAsync();
        await gateway.Events.WaitForAsync($"DSN for {id} stored", Delivery);

        await using var alice = await Inbox.OpenAsync(servers, "alice");
        var dsn = await alice.GetAsync(Assert.Single(await alice.WaitForAsync(SearchQuery.HeaderContains("In-Reply-To", message.MessageId!), 1, Delivery)));
        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", report.ReportType);
        var status = Assert.IsType<MessageDeliveryStatus>(report[1]);
        var recipient = Assert.Single(status.StatusGroups, g => g.Contains("Final-Recipient"));
        Assert.Equal("rfc822; nobody@lab.test", recipient["Final-Recipient"]);
        Assert.Equal("5.1.1", recipient["Status"]);
        Assert.Contains("User unknown", recipient["Diagnostic-Code"], StringComparison.Ordinal);

        await using var bob = await Inbox.OpenAsync(servers, "bob");
        Assert.Single(await bob.WaitForAsync(message.MessageId!));
        Assert.Empty(new MessageSpool(gateway.SpoolPath).List(out _));
    }

    [Fact]
    public async Task QueueCommand_ListsDeletesAndRetries_AndTheRunningGatewayNoticesTheRetry()
    {
        var postfix = await spare.GetAsync(servers);
        await postfix.StopAsync();
        await using var gateway = await SmtpGateway.StartAsync(servers, postfix, QuickRetries(first: 3600));
        var kept = TestMessages.Text("alice@lab.test", "bob@lab.test", "retried by the admin");
        var dropped = TestMessages.Text("alice@lab.test", "bob@lab.test", "deleted by the admin");
        string keptId;
        string droppedId;
        using (var client = await gateway.ConnectAsync())
        {
            keptId = QueuedId(await client.SendAsync(kept));
            droppedId = QueuedId(await client.SendAsync(dropped));
        }

        var list = await Scogw.RunAsync(["queue", "list", "--config", gateway.ConfigPath]);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(keptId, list.Output, StringComparison.Ordinal);
        Assert.Contains(droppedId, list.Output, StringComparison.Ordinal);
        Assert.Contains("2 message(s)", list.Output, StringComparison.Ordinal);
        Assert.Contains("connection refused", list.Output, StringComparison.Ordinal);

        var delete = await Scogw.RunAsync(["queue", "delete", droppedId, "--config", gateway.ConfigPath]);
        Assert.Equal(0, delete.ExitCode);
        Assert.NotEqual(0, (await Scogw.RunAsync(["queue", "delete", droppedId, "--config", gateway.ConfigPath])).ExitCode);
        Assert.Equal(64, (await Scogw.RunAsync(["queue", "delete", "../x", "--config", gateway.ConfigPath])).ExitCode);

        await postfix.StartAgainAsync();
        var retry = await Scogw.RunAsync(["queue", "retry", keptId, "--config", gateway.ConfigPath]);
        Assert.Equal(0, retry.ExitCode);
        await gateway.Events.WaitForAsync($"delivered {keptId} from", Delivery);

        await using var inbox = await Inbox.OpenAsync(servers, "bob");
        Assert.Single(await inbox.WaitForAsync(kept.MessageId!));
        Assert.Equal(0, await inbox.CountAsync(dropped.MessageId!));
        Assert.Contains("0 message(s)", (await Scogw.RunAsync(["queue", "list", "--config", gateway.ConfigPath])).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpoolFirstMode_AnswersFromTheSpool_AndTheWorkerDelivers()
    {
        await using var gateway = await SmtpGateway.StartAsync(servers, smtpOptions: new { LocalDomains = new[] { "lab.test" }, RelayFirst = false });
        var message = TestMessages.Text("alice@lab.test", "carol@lab.test", "spool first");

        string id;
        using (var client = await gateway.ConnectAsync())
        {
            id = QueuedId(await client.SendAsync(message));
        }

        await gateway.Events.WaitForAsync($"delivered {id} from", Delivery);
        await using var inbox = await Inbox.OpenAsync(servers, "carol");
        Assert.Single(await inbox.WaitForAsync(message.MessageId!));
    }

    internal static string QueuedId(string reply)
    {
        const string Marker = "queued as ";
        Assert.Contains(Marker, reply, StringComparison.Ordinal);
        var id = reply[(reply.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].Trim();
        Assert.True(MessageSpool.IsValidId(id), reply);
        return id;
    }
}
