using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Gateway.Benchmarks.EndToEnd;

/// <summary>
/// Issue 6's benchmark: 1,000 messages of mixed sizes (up to 5 MB) read the way Outlook reads a folder (the summary
/// of every message, then every body one by one), directly from the server and through the gateway, cold (empty
/// cache) then warm. The bytes the server sent per session come from the server's own log
/// (Dovecot's <c>Logged out in=… out=…</c>).
/// </summary>
internal static partial class ImapCacheEndToEnd
{
    private const string Folder = "bench-cache";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        var direct = Endpoint(options["direct"]);
        var gateway = Endpoint(options["gateway"]);
        var user = options["user"];
        var password = options["password"];
        var ca = options["ca"];
        var serverLog = options["server-log"];
        var count = int.Parse(options.GetValueOrDefault("messages", "1000"), CultureInfo.InvariantCulture);

        Task<ImapClient> Direct() => ConnectAsync(direct, SecureSocketOptions.StartTls, ca, user, password);
        Task<ImapClient> ThroughGateway() => ConnectAsync(gateway, SecureSocketOptions.None, null, user, password);

        var total = await SeedAsync(await Direct(), count);
        Console.WriteLine(FormattableString.Invariant($"folder: {count} messages, {total / 1048576.0:F1} MB"));

        var runs = new List<(string Name, double Ms, long ServerBytes)>();
        foreach (var (name, connect) in new (string, Func<Task<ImapClient>>)[]
        {
            ("direct 1", Direct), ("direct 2", Direct), ("gateway cold", ThroughGateway), ("gateway warm 1", ThroughGateway), ("gateway warm 2", ThroughGateway),
        })
        {
            var logged = LogoutLines(serverLog, user);
            var ms = await ReadFolderAsync(connect, count);
            var bytes = await NextLogoutBytesAsync(serverLog, user, logged);
            runs.Add((name, ms, bytes));
            Console.WriteLine(FormattableString.Invariant($"{name,-15} {ms,9:F0} ms  {total / 1048576.0 / (ms / 1000),7:F1} MB/s  server sent {bytes / 1048576.0,8:F1} MB"));
        }

        var directMs = Math.Min(runs[0].Ms, runs[1].Ms);
        var directBytes = runs[1].ServerBytes;
        var warm = runs.Skip(3).MinBy(r => r.Ms);
        Console.WriteLine(FormattableString.Invariant(
            $"cold gateway / direct time {runs[2].Ms / directMs:F2}; warm gateway / direct time {warm.Ms / directMs:F2}; warm server bytes {100.0 * warm.ServerBytes / directBytes:F2}% of direct"));
        return 0;
    }

    /// <summary>The summary of every message, then every body, one FETCH each; returns the elapsed milliseconds.</summary>
    private static async Task<double> ReadFolderAsync(Func<Task<ImapClient>> connect, int count)
    {
        var clock = Stopwatch.StartNew();
        using var client = await connect();
        var folder = await client.GetFolderAsync(Folder);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        var summaries = await folder.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Size | MessageSummaryItems.Envelope | MessageSummaryItems.InternalDate);
        if (summaries.Count != count)
        {
            throw new InvalidOperationException($"expected {count} messages, got {summaries.Count}");
        }

        foreach (var summary in summaries)
        {
            using var body = await folder.GetStreamAsync(summary.UniqueId, "");
            await body.CopyToAsync(Stream.Null);
            if (body.Length != summary.Size)
            {
                throw new InvalidOperationException($"UID {summary.UniqueId}: {body.Length} bytes, RFC822.SIZE {summary.Size}");
            }
        }

        await client.DisconnectAsync(true);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Message i's size: mostly small mail, some attachments, a few of 1–5 MB (about 200 MB for 1,000).</summary>
    private static int SizeOf(int i) => (i % 100) switch
    {
        0 => 5 * 1024 * 1024,
        < 10 => 512 * 1024 + (i * 7919 % (1536 * 1024)),
        < 30 => 50 * 1024 + (i * 7919 % (250 * 1024)),
        _ => 2 * 1024 + (i * 7919 % (18 * 1024)),
    };

    private static async Task<long> SeedAsync(ImapClient client, int count)
    {
        var personal = client.GetFolder(client.PersonalNamespaces[0]);
        var folder = (await personal.GetSubfoldersAsync()).FirstOrDefault(f => f.Name == Folder) ?? await personal.CreateAsync(Folder, true) ?? throw new InvalidOperationException("cannot create " + Folder);
        await folder.OpenAsync(FolderAccess.ReadWrite);
        var random = new Random(42);
        for (var i = folder.Count; i < count; i++)
        {
            var attachment = new byte[SizeOf(i) * 3 / 4];
            random.NextBytes(attachment);
            var message = new MimeMessage();
            message.From.Add(new MailboxAddress($"Sender {i}", $"sender{i}@example.com"));
            message.To.Add(new MailboxAddress("Bob", "bob@lab.test"));
            message.Subject = $"cache benchmark {i}";
            var body = new Multipart("mixed") { new TextPart("plain") { Text = $"Message {i}." } };
            body.Add(new MimePart("application", "octet-stream") { FileName = $"data{i}.bin", Content = new MimeContent(new MemoryStream(attachment)), ContentTransferEncoding = ContentEncoding.Base64 });
            message.Body = body;
            await folder.AppendAsync(new AppendRequest(message));
        }

        var sizes = await folder.FetchAsync(0, -1, MessageSummaryItems.Size);
        await client.DisconnectAsync(true);
        client.Dispose();
        return sizes.Sum(s => (long)(s.Size ?? 0));
    }

    private static int LogoutLines(string log, string user) => File.ReadLines(log).Count(line => IsLogout(line, user));

    private static bool IsLogout(string line, string user) => line.Contains($"imap({user})", StringComparison.Ordinal) && line.Contains("Logged out", StringComparison.Ordinal);

    /// <summary>The server's <c>out=</c> of the first logout line after the <paramref name="seen"/> already there.</summary>
    private static async Task<long> NextLogoutBytesAsync(string log, string user, int seen)
    {
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(log)!, Path.GetFileName(log)) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size };
        watcher.Changed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var line = File.ReadLines(log).Where(l => IsLogout(l, user)).Skip(seen).FirstOrDefault();
            if (line is not null)
            {
                return long.Parse(OutBytes().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
            }

            if (!await changed.WaitAsync(deadline - DateTime.UtcNow))
            {
                throw new TimeoutException("the server logged no logout");
            }
        }
    }

    [GeneratedRegex(" out=(\\d+)")]
    private static partial Regex OutBytes();

    private static async Task<ImapClient> ConnectAsync((string Host, int Port) endpoint, SecureSocketOptions security, string? ca, string user, string password)
    {
        var client = new ImapClient();
        if (ca is not null)
        {
            client.ServerCertificateValidationCallback = new Gateway.Core.Upstream.UpstreamCertificateValidator(false, ca).CreateCallback(endpoint.Host);
        }

        await client.ConnectAsync(endpoint.Host, endpoint.Port, security);
        await client.AuthenticateAsync(user, password);
        return client;
    }

    private static (string Host, int Port) Endpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        return (text[..colon], int.Parse(text[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }
}
