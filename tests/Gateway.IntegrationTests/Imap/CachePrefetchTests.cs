using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Imap;

/// <summary>
/// Issue 6, <c>Cache:Prefetch</c>: after a user's login the gateway stores the new messages of INBOX in the
/// background, and later keeps doing so every interval; a session then reads them without moving the body from the
/// server, byte for byte what the server sends, and the entries are the very files the relay would have written.
/// </summary>
public abstract partial class CachePrefetchTests
{
    // carol: the other tests look for their own messages in her INBOX by Message-ID, never count it.
    private const string User = "carol";
    private const string Password = "carolpw";

    private protected abstract UpstreamServer Server { get; }

    private IPEndPoint Direct => new(IPAddress.Loopback, Server.Port("IMAP_PORT"));

    private object Upstream => Scogw.Endpoint(Server.Port("IMAP_PORT"));

    private static string NewCacheFolder() => Path.Combine(TestTls.RunDirectory, "cache-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A message of about <paramref name="size"/> bytes with a base64 attachment, unique by Message-ID.</summary>
    private static byte[] Message(int size)
    {
        var attachment = new byte[size * 3 / 4];
        Random.Shared.NextBytes(attachment);
        var text = $"""
            From: alice@lab.test
            To: {User}@lab.test
            Subject: prefetch test ({size} bytes)
            Message-ID: <prefetch-{Guid.NewGuid():N}@lab.test>
            MIME-Version: 1.0
            Content-Type: application/octet-stream
            Content-Transfer-Encoding: base64

            {Convert.ToBase64String(attachment, Base64FormattingOptions.InsertLineBreaks)}

            """;
        return Encoding.ASCII.GetBytes(text.ReplaceLineEndings("\r\n"));
    }

    private async Task<long> AppendToInboxAsync(byte[] message)
    {
        await using var direct = await ImapBytesSession.LoginAsync(Direct, User, Password, startTls: true);
        var uid = await direct.AppendAsync("INBOX", message);
        Assert.True(uid > 0, "the server returned no APPENDUID");
        return uid;
    }

    private async Task<List<byte[]>> DirectAsync(string command)
    {
        await using var direct = await ImapBytesSession.LoginAsync(Direct, User, Password, startTls: true);
        await direct.RunOkAsync("EXAMINE INBOX");
        return await direct.RunOkAsync(command);
    }

    /// <summary>Reads <paramref name="command"/> in a new gateway session; returns the answer and the bytes that session took from the server.</summary>
    private static async Task<(List<byte[]> Answer, long ServerBytes)> ThroughGatewayAsync(GatewayInstance gateway, string command, int session)
    {
        List<byte[]> answer;
        await using (var client = await ImapBytesSession.LoginAsync(gateway.Imap, User, Password))
        {
            await client.RunOkAsync("EXAMINE INBOX");
            answer = await client.RunOkAsync(command);
        }

        var ended = await gateway.Events.WaitForAsync($"session of {User} ended:", session, TimeSpan.FromSeconds(30));
        return (answer, long.Parse(ServerBytesPattern().Match(ended).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(", (\\d+) bytes from the server")]
    private static partial Regex ServerBytesPattern();

    /// <summary>Same messages, and for each the same items with the same bytes (item order may differ).</summary>
    private static void AssertSameFetches(List<byte[]> expected, List<byte[]> actual, string command)
    {
        var want = ImapBytesSession.Fetches(expected);
        var got = ImapBytesSession.Fetches(actual);
        Assert.True(want.Count > 0, $"{command}: the server answered nothing");
        Assert.Equal(want.Keys.Order(), got.Keys.Order());
        foreach (var (number, items) in want)
        {
            Assert.Equal(items.Keys.Order(), got[number].Keys.Order());
            foreach (var (name, value) in items)
            {
                Assert.True(value == got[number][name], $"{command}, message {number}, {name} differs ({value.Length} vs {got[number][name].Length} chars)");
            }
        }
    }

    [Fact]
    public async Task NewMessages_ArePrefetchedAfterALoginAndEveryInterval_AndServedFromTheCache()
    {
        var first = Message(300_000);
        var firstUid = await AppendToInboxAsync(first);
        var fetchFirst = $"UID FETCH {firstUid} (UID RFC822.SIZE BODY.PEEK[])";
        var expectedFirst = await DirectAsync(fetchFirst);
        var cacheFolder = NewCacheFolder();
        await using var gateway = await GatewayInstance.StartAsync(
            Upstream, cache: new { Path = cacheFolder, Prefetch = new[] { "INBOX" }, PrefetchIntervalSeconds = 1 });

        // One login is all it takes: the password is remembered and the user scheduled at once.
        await using (var trigger = await ImapBytesSession.LoginAsync(gateway.Imap, User, Password))
        {
            await trigger.RunOkAsync("NOOP");
        }

        var run = await gateway.Events.WaitForAsync($"prefetch for {User} in INBOX: ", TimeSpan.FromSeconds(60));
        Assert.Matches("INBOX: [1-9][0-9]* messages stored", run);

        var (answer, serverBytes) = await ThroughGatewayAsync(gateway, fetchFirst, session: 2);
        AssertSameFetches(expectedFirst, answer, fetchFirst);
        Assert.InRange(serverBytes, 1, first.Length / 20);

        // A message that arrives later is stored by a later run (every PrefetchIntervalSeconds), alone.
        var second = Message(120_000);
        var secondUid = await AppendToInboxAsync(second);
        await gateway.Events.WaitForAsync($"prefetch for {User} in INBOX: 1 messages stored ({second.Length} bytes)", TimeSpan.FromSeconds(60));
        var fetchSecond = $"UID FETCH {secondUid} (UID RFC822.SIZE BODY.PEEK[])";
        (answer, serverBytes) = await ThroughGatewayAsync(gateway, fetchSecond, session: 3);
        AssertSameFetches(await DirectAsync(fetchSecond), answer, fetchSecond);
        Assert.InRange(serverBytes, 1, second.Length / 20);

        // The relay, filling a cache of its own from the same FETCH, writes the very same entry files.
        var relayFolder = NewCacheFolder();
        await using (var relayOnly = await GatewayInstance.StartAsync(Upstream, cache: new { Path = relayFolder }))
        {
            (answer, _) = await ThroughGatewayAsync(relayOnly, fetchFirst, session: 1);
            AssertSameFetches(expectedFirst, answer, fetchFirst);
        }

        var relayEntries = Directory.GetFiles(relayFolder, "*.entry", SearchOption.AllDirectories);
        Assert.Contains(relayEntries, path => new FileInfo(path).Length > first.Length);
        foreach (var path in relayEntries)
        {
            var prefetched = Path.Combine(cacheFolder, Path.GetRelativePath(relayFolder, path));
            Assert.True(File.Exists(prefetched), $"prefetch did not write {Path.GetRelativePath(relayFolder, path)}");
            var (relayBytes, prefetchedBytes) = (await File.ReadAllBytesAsync(path), await File.ReadAllBytesAsync(prefetched));
            Assert.True(relayBytes.AsSpan().SequenceEqual(prefetchedBytes), $"{Path.GetFileName(path)} differs");
        }
    }
}

[Collection(Collections.MailStack)]
public sealed class DovecotCachePrefetchTests(MailStackFixture servers) : CachePrefetchTests
{
    private protected override UpstreamServer Server => servers.Dovecot;
}

[Collection(Collections.Cyrus)]
public sealed class CyrusCachePrefetchTests(CyrusFixture cyrus) : CachePrefetchTests
{
    private protected override UpstreamServer Server => cyrus.Server;
}
