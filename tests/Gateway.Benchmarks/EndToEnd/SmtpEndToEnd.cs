using System.Diagnostics;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Utils;

namespace Gateway.Benchmarks.EndToEnd;

/// <summary>
/// Sends the same batch of messages (default 1,000 of 50 KB over 8 connections) directly to the SMTP server,
/// through a relay-first gateway, and through a spool-first gateway, and compares the throughput. For the
/// spool-first gateway it also measures how long the spool takes to drain.
/// </summary>
internal static class SmtpEndToEnd
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        var user = options["user"];
        var password = options["password"];
        var ca = options.GetValueOrDefault("ca");
        var count = int.Parse(options.GetValueOrDefault("messages", "1000"), CultureInfo.InvariantCulture);
        var size = int.Parse(options.GetValueOrDefault("size", "51200"), CultureInfo.InvariantCulture);
        var connections = int.Parse(options.GetValueOrDefault("connections", "8"), CultureInfo.InvariantCulture);
        var rounds = int.Parse(options.GetValueOrDefault("rounds", "3"), CultureInfo.InvariantCulture);
        var from = options.GetValueOrDefault("from", $"{user}@lab.test");
        var to = options.GetValueOrDefault("to", "bob@lab.test");

        var paths = new List<(string Name, (string Host, int Port) Endpoint, SecureSocketOptions Security, string? Spool)>
        {
            ("direct", BenchSupport.Endpoint(options["direct"]), SecureSocketOptions.StartTls, null),
            ("gateway relay-first", BenchSupport.Endpoint(options["gateway"]), SecureSocketOptions.None, null),
        };
        if (options.TryGetValue("gateway-spool", out var spoolGateway))
        {
            paths.Add(("gateway spool-first", BenchSupport.Endpoint(spoolGateway), SecureSocketOptions.None, options["spool-dir"]));
        }

        Console.WriteLine(FormattableString.Invariant($"{count} messages of {size / 1024} KB over {connections} connections, median of {rounds} rounds"));
        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, endpoint, security, spool) in paths)
        {
            // Warm-up: JIT, TLS, Postfix's process pool.
            await SendBatchAsync(endpoint, security, ca, user, password, from, to, Math.Min(count, 50), size, connections);
            var times = new List<double>();
            var drains = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                await SendBatchAsync(endpoint, security, ca, user, password, from, to, count, size, connections);
                times.Add(clock.Elapsed.TotalSeconds);
                if (spool is not null)
                {
                    await WaitEmptyAsync(spool);
                    drains.Add(clock.Elapsed.TotalSeconds);
                }
            }

            var seconds = BenchSupport.Median(times);
            results[name] = count / seconds;
            var drain = drains.Count > 0 ? FormattableString.Invariant($"; spool drained after {BenchSupport.Median(drains):F2} s ({count / BenchSupport.Median(drains):F0} msg/s end to end)") : "";
            Console.WriteLine(FormattableString.Invariant($"{name,-20} {seconds:F2} s, {count / seconds:F0} msg/s, {count * (double)size / seconds / 1024 / 1024:F1} MB/s{drain}"));
        }

        foreach (var name in results.Keys.Where(n => n != "direct"))
        {
            Console.WriteLine(FormattableString.Invariant($"{name}: throughput ratio {results[name] / results["direct"]:F2} of direct"));
        }

        return 0;
    }

    private static async Task SendBatchAsync(
        (string Host, int Port) endpoint, SecureSocketOptions security, string? ca, string user, string password, string from, string to, int count, int size, int connections)
    {
        var body = new string('x', 76) + "\r\n";
        var text = string.Concat(Enumerable.Repeat(body, Math.Max(1, size / body.Length)));
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            using var client = new SmtpClient();
            if (ca is not null)
            {
                client.ServerCertificateValidationCallback = new Gateway.Core.Upstream.UpstreamCertificateValidator(false, ca).CreateCallback(endpoint.Host);
            }

            await client.ConnectAsync(endpoint.Host, endpoint.Port, security);
            await client.AuthenticateAsync(user, password);
            while (Interlocked.Increment(ref next) < count)
            {
                var message = new MimeMessage { Subject = "bench", MessageId = MimeUtils.GenerateMessageId("bench.lab.test") };
                message.From.Add(MailboxAddress.Parse(from));
                message.To.Add(MailboxAddress.Parse(to));
                message.Body = new TextPart("plain") { Text = text };
                await client.SendAsync(message);
            }

            await client.DisconnectAsync(true);
        }));
    }

    private static async Task WaitEmptyAsync(string spool)
    {
        // Woken by the worker's deletions; the one-second bound only guards against a missed watcher event.
        var queue = Path.Combine(spool, "queue");
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(queue, "*.json");
        watcher.Deleted += (_, _) => changed.Release();
        watcher.Renamed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        while (Directory.EnumerateFiles(queue, "*.json").Any())
        {
            await changed.WaitAsync(TimeSpan.FromSeconds(1));
        }
    }
}
