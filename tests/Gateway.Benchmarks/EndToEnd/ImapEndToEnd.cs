using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Gateway.Benchmarks.EndToEnd;

/// <summary>
/// Runs one IMAP workload directly against the server and through the gateway and compares them:
/// login, select, fetch headers of 1,000 messages, fetch 100 bodies, store flags, idle; then the
/// per-command latency of NOOP; then the gateway's memory per idle authenticated session.
/// </summary>
internal static class ImapEndToEnd
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchSupport.Parse(args);
        var direct = BenchSupport.Endpoint(options["direct"]);
        var gateway = BenchSupport.Endpoint(options["gateway"]);
        var user = options["user"];
        var password = options["password"];
        var ca = options.GetValueOrDefault("ca");
        var rounds = int.Parse(options.GetValueOrDefault("rounds", "5"), CultureInfo.InvariantCulture);
        var idleSessions = int.Parse(options.GetValueOrDefault("idle-sessions", "0"), CultureInfo.InvariantCulture);

        Task<ImapClient> Direct() => BenchSupport.ConnectAsync(direct, SecureSocketOptions.StartTls, ca, user, password);
        Task<ImapClient> ThroughGateway() => BenchSupport.ConnectAsync(gateway, SecureSocketOptions.None, null, user, password);

        await SeedAsync(await Direct(), 1000);

        // Idle memory first, in a gateway that has served nothing yet: after the workload, sessions would partly
        // reuse heap the workload grew, and the figure would be understated.
        if (idleSessions > 0 && options.TryGetValue("gateway-pid", out var pidText))
        {
            var pid = int.Parse(pidText, CultureInfo.InvariantCulture);
            await IdleMemoryAsync(gateway, user, password, idleSessions, pid);
        }

        // Warm up both paths (JIT, TLS session setup, server caches).
        await WorkloadAsync(Direct);
        await WorkloadAsync(ThroughGateway);
        var directTimes = new List<double>();
        var gatewayTimes = new List<double>();
        var directPhases = new List<double[]>();
        var gatewayPhases = new List<double[]>();
        for (var i = 0; i < rounds; i++)
        {
            directTimes.Add(await WorkloadAsync(Direct, directPhases));
            gatewayTimes.Add(await WorkloadAsync(ThroughGateway, gatewayPhases));
        }

        for (var phase = 0; phase < s_phases.Length; phase++)
        {
            var d = BenchSupport.Median(directPhases.Select(m => m[phase]));
            var g = BenchSupport.Median(gatewayPhases.Select(m => m[phase]));
            Console.WriteLine(FormattableString.Invariant($"  {s_phases[phase],-20} direct {d,7:F1} ms, gateway {g,7:F1} ms"));
        }

        var directMedian = BenchSupport.Median(directTimes);
        var gatewayMedian = BenchSupport.Median(gatewayTimes);
        Console.WriteLine(FormattableString.Invariant($"workload (median of {rounds}): direct {directMedian:F1} ms, gateway {gatewayMedian:F1} ms, gateway throughput = {100 * directMedian / gatewayMedian:F1}% of direct"));

        var directNoop = await NoopLatencyAsync(await Direct());
        var gatewayNoop = await NoopLatencyAsync(await ThroughGateway());
        Console.WriteLine(FormattableString.Invariant($"NOOP round trip (median of 2000): direct {directNoop * 1000:F1} µs, gateway {gatewayNoop * 1000:F1} µs, added {(gatewayNoop - directNoop) * 1000:F1} µs"));

        return 0;
    }

    private static readonly string[] s_phases = ["login", "select", "1,000 headers", "100 bodies", "flags, idle, logout"];

    private static async Task<double> WorkloadAsync(Func<Task<ImapClient>> connect, List<double[]>? phases = null)
    {
        var clock = Stopwatch.StartNew();
        var marks = new double[s_phases.Length];
        var last = 0.0;
        void Mark(int phase)
        {
            marks[phase] = clock.Elapsed.TotalMilliseconds - last;
            last = clock.Elapsed.TotalMilliseconds;
        }

        using var client = await connect();
        Mark(0);
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite);
        Mark(1);
        var summaries = await inbox.FetchAsync(0, 999, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Size | MessageSummaryItems.Envelope | MessageSummaryItems.Headers);
        if (summaries.Count < 1000)
        {
            throw new InvalidOperationException($"expected 1000 messages, got {summaries.Count}");
        }

        Mark(2);
        var uids = summaries.Take(100).Select(s => s.UniqueId).ToList();
        foreach (var uid in uids)
        {
            using var body = await inbox.GetStreamAsync(uid, "");
            await body.CopyToAsync(Stream.Null);
        }

        Mark(3);

        await inbox.AddFlagsAsync(uids, MessageFlags.Flagged, true);
        await inbox.RemoveFlagsAsync(uids, MessageFlags.Flagged, true);
        using (var done = new CancellationTokenSource())
        {
            // IDLE, the server's continuation, DONE and the completion: one full IDLE round.
            var idle = client.IdleAsync(done.Token);
            await done.CancelAsync();
            await idle;
        }

        await client.DisconnectAsync(true);
        Mark(4);
        phases?.Add(marks);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> NoopLatencyAsync(ImapClient client)
    {
        var samples = new double[2000];
        for (var i = 0; i < 200; i++)
        {
            await client.NoOpAsync();
        }

        for (var i = 0; i < samples.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            await client.NoOpAsync();
            samples[i] = clock.Elapsed.TotalMilliseconds;
        }

        await client.DisconnectAsync(true);
        client.Dispose();
        return BenchSupport.Median(samples);
    }

    private static async Task IdleMemoryAsync((string Host, int Port) gateway, string user, string password, int count, int pid)
    {
        // 50 sessions first, not counted: they load and compile the code every session runs.
        const int warm = 50;
        const int every = 50;
        var before = 0L;
        // RSS every 50 sessions: the end points alone move with whatever garbage gen 0 holds at that moment.
        var samples = new List<(double Sessions, double Kb)>();
        var sockets = new List<(TcpClient Socket, StreamReader Reader)>();
        try
        {
            for (var i = 0; i < count + warm; i++)
            {
                if (i == warm)
                {
                    before = RssKb(pid);
                }

                if (i >= warm && (i - warm) % every == 0)
                {
                    samples.Add((i - warm, RssKb(pid)));
                }

                var socket = new TcpClient();
                await socket.ConnectAsync(gateway.Host, gateway.Port);
                var stream = socket.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII);
                await reader.ReadLineAsync();
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"a LOGIN {user} {password}\r\nb SELECT INBOX\r\nc IDLE\r\n"));
                while (true)
                {
                    var line = await reader.ReadLineAsync() ?? throw new IOException($"session {i} closed");
                    if (line.StartsWith('+'))
                    {
                        break;
                    }

                    if (line.Length > 2 && line[1] == ' ' && line[0] != '*' && !line[2..].StartsWith("OK", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"session {i}: {line}");
                    }
                }

                sockets.Add((socket, reader));
            }

            var after = RssKb(pid);
            samples.Add((count, after));
            Console.WriteLine(FormattableString.Invariant($"{count} idle authenticated sessions (SELECT INBOX + IDLE; fresh gateway, after {warm} uncounted): gateway RSS {before / 1024.0:F1} MB -> {after / 1024.0:F1} MB, {(after - before) / (double)count:F1} KB per session; least-squares slope over {samples.Count} samples {Slope(samples):F1} KB per session"));
        }
        finally
        {
            foreach (var (socket, reader) in sockets)
            {
                reader.Dispose();
                socket.Dispose();
            }
        }
    }

    private static double Slope(List<(double X, double Y)> points)
    {
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        return points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / points.Sum(p => (p.X - meanX) * (p.X - meanX));
    }

    private static long RssKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static async Task SeedAsync(ImapClient client, int count)
    {
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly);
        var body = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. 0123456789\r\n", 180));
        for (var i = inbox.Count; i < count; i++)
        {
            var message = new MimeMessage();
            message.From.Add(new MailboxAddress($"Sender {i}", $"sender{i}@example.com"));
            message.To.Add(new MailboxAddress("Alice", "alice@lab.test"));
            message.Subject = $"benchmark message {i}";
            message.Body = new TextPart("plain") { Text = body };
            await inbox.AppendAsync(new AppendRequest(message));
        }

        await client.DisconnectAsync(true);
        client.Dispose();
    }
}
