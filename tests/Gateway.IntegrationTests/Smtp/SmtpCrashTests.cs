using System.Collections.Concurrent;
using Gateway.IntegrationTests.Fixtures;
using Gateway.Smtp.Spool;
using MimeKit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Smtp;

/// <summary>kill -9 of a scogw process during concurrent sends: every message that got 250 must be delivered.</summary>
[Collection(Collections.MailStack)]
public sealed class SmtpCrashTests(MailStackFixture servers, SparePostfix spare, ITestOutputHelper output) : IClassFixture<SparePostfix>
{
    private const int Senders = 50;
    private const int KillAfterAccepted = 20;

    [Fact]
    public async Task KillDuring50ConcurrentSends_ThenRestart_EveryAcceptedMessageIsDeliveredOnce()
    {
        var postfix = await spare.GetAsync(servers);
        await postfix.StopAsync();
        var config = SmtpGateway.WriteConfig(
            servers.Dovecot.Port("IMAP_PORT"), postfix.Port("SMTP_PORT"), new { LocalDomains = new[] { "lab.test" }, RetryFirstSeconds = 1, RetryMaxSeconds = 2 });
        var run = Guid.NewGuid().ToString("N")[..8];
        var messages = Enumerable.Range(0, Senders)
            .Select(i => TestMessages.Text("alice@lab.test", "bob@lab.test", $"crash {run} #{i}", new string('x', 20_000 + (i * 997)) + "\n"))
            .ToList();

        var accepted = new ConcurrentBag<string>();
        var enoughAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (first, endPoint) = await ScogwProcess.StartAsync(config);
        using (first)
        {
            var sends = messages.Select(message => Task.Run(async () =>
            {
                try
                {
                    using var client = await SmtpGateway.ConnectAsync(endPoint);
                    await client.SendAsync(message);
                    accepted.Add(message.MessageId!);
                    if (accepted.Count >= KillAfterAccepted)
                    {
                        enoughAccepted.TrySetResult();
                    }
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.ServiceNotConnectedException or MailKit.CommandException)
                {
                    // The kill: the client never got 250 for this one.
                }
            })).ToList();

            await enoughAccepted.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await first.KillAsync();
            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(120));
        }

        // Every 250 was given after the message was durably in the spool.
        var spool = new MessageSpool(Path.Combine(Path.GetDirectoryName(config)!, "spool"));
        var committed = spool.List(out var problems).Select(e => MessageIdOf(spool, e.Id)).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(problems);
        Assert.Subset(committed, accepted.ToHashSet(StringComparer.Ordinal));
        output.WriteLine($"{accepted.Count} of {Senders} sends got 250 before the kill; {committed.Count} messages were committed to the spool "
            + $"({committed.Count - accepted.Count} in flight at the kill: committed, but the client saw no 250)");

        await postfix.StartAgainAsync();
        var (second, endPoint2) = await ScogwProcess.StartAsync(config);
        using (second)
        {
            // Passwords are never on disk: the spooled messages wait for alice's next login.
            using (var login = await SmtpGateway.ConnectAsync(endPoint2))
            {
                await login.DisconnectAsync(quit: true);
            }

            await using var inbox = await Inbox.OpenAsync(servers, "bob");
            var duplicates = 0;
            foreach (var id in committed)
            {
                await inbox.WaitForAsync(id, 1, TimeSpan.FromSeconds(60));
            }

            foreach (var message in messages)
            {
                var count = await inbox.CountAsync(message.MessageId!);
                duplicates += Math.Max(0, count - 1);
                Assert.Equal(committed.Contains(message.MessageId!) ? 1 : 0, count);
            }

            output.WriteLine($"delivered {committed.Count}, duplicates {duplicates}");
            Assert.Empty(Directory.GetFiles(spool.TempDirectory));
        }
    }

    private static string MessageIdOf(MessageSpool spool, string id)
    {
        using var file = spool.OpenMessage(id);
        return MimeMessage.Load(file).MessageId!;
    }
}
