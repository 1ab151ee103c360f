using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Imap;

/// <summary>
/// Issue 6 through the gateway: immutable FETCH items come from the disk cache the second time, byte for byte what
/// the server sends, and the server's own byte counter of the session shows that no body crossed again.
/// </summary>
public abstract partial class MessageCacheTests
{
    private protected abstract UpstreamServer Server { get; }

    /// <summary>The server-side name of a personal folder the client calls <paramref name="folder"/>.</summary>
    private protected abstract string ServerFolder(string folder);

    private IPEndPoint Direct => new(IPAddress.Loopback, Server.Port("IMAP_PORT"));

    private object Upstream => Scogw.Endpoint(Server.Port("IMAP_PORT"));

    private static object CacheAt(string path, int maxSizeMB = 2048) => new { Path = path, MaxSizeMB = maxSizeMB };

    private static string NewCacheFolder() => Path.Combine(TestTls.RunDirectory, "cache-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A multipart message of about <paramref name="size"/> bytes: a text part and a base64 attachment.</summary>
    private static byte[] Message(int index, int size, string user = "alice")
    {
        var random = new Random(index * 7919 + size);
        var attachment = new byte[Math.Max(0, (size - 600) * 3 / 4)];
        random.NextBytes(attachment);
        var base64 = Convert.ToBase64String(attachment, Base64FormattingOptions.InsertLineBreaks);
        var text = $"""
            From: {user}@lab.test
            To: bob@lab.test
            Subject: cache test {index} ({size} bytes)
            Date: Mon, 2 Mar 2026 10:{index % 60:00}:00 +0100
            Message-ID: <cache-{index}-{Guid.NewGuid():N}@lab.test>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b{index}"

            --b{index}
            Content-Type: text/plain; charset=us-ascii

            Hello number {index}.
            --b{index}
            Content-Type: application/octet-stream; name="data{index}.bin"
            Content-Transfer-Encoding: base64

            {base64}
            --b{index}--

            """;
        return Encoding.ASCII.GetBytes(text.ReplaceLineEndings("\r\n"));
    }

    private async Task<(string Folder, List<long> Uids)> SeedAsync(string user, params byte[][] messages)
    {
        var folder = "cache" + Guid.NewGuid().ToString("N")[..8];
        await using var direct = await ImapBytesSession.LoginAsync(Direct, user, user + "pw", startTls: true);
        await direct.RunOkAsync($"CREATE \"{ServerFolder(folder)}\"");
        var uids = new List<long>();
        foreach (var message in messages)
        {
            uids.Add(await direct.AppendAsync(ServerFolder(folder), message));
        }

        Assert.All(uids, uid => Assert.True(uid > 0, "the server returned no APPENDUID"));
        return (folder, uids);
    }

    private async Task<List<byte[]>> DirectAsync(string user, string folder, string command, string select = "EXAMINE")
    {
        await using var direct = await ImapBytesSession.LoginAsync(Direct, user, user + "pw", startTls: true);
        await direct.RunOkAsync($"{select} \"{ServerFolder(folder)}\"");
        return await direct.RunOkAsync(command);
    }

    private static async Task<ImapBytesSession> OpenAsync(GatewayInstance gateway, string user, string folder, string select = "EXAMINE")
    {
        var session = await ImapBytesSession.LoginAsync(gateway.Imap, user, user + "pw");
        await session.RunOkAsync($"{select} \"{folder}\"");
        return session;
    }

    /// <summary>The bytes the server sent in the <paramref name="occurrence"/>-th ended session of <paramref name="user"/>.</summary>
    private static async Task<long> ServerBytesAsync(GatewayInstance gateway, string user, int occurrence)
    {
        var line = await gateway.Events.WaitForAsync($"session of {user} ended:", occurrence, TimeSpan.FromSeconds(30));
        return long.Parse(ServerBytesPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(", (\\d+) bytes from the server")]
    private static partial Regex ServerBytesPattern();

    /// <summary>Same messages, and for each the same items with the same bytes (item order may differ).</summary>
    private static void AssertSameFetches(List<byte[]> expected, List<byte[]> actual, string command)
    {
        var want = ImapBytesSession.Fetches(expected);
        var got = ImapBytesSession.Fetches(actual);
        Assert.True(want.Count > 0, $"{command}: the server answered nothing");
        Assert.True(want.Keys.Order().SequenceEqual(got.Keys.Order()), $"{command}: messages {string.Join(',', want.Keys.Order())} expected, got {string.Join(',', got.Keys.Order())}");
        foreach (var (number, items) in want)
        {
            Assert.True(
                items.Keys.Order().SequenceEqual(got[number].Keys.Order()),
                $"{command}, message {number}: items {string.Join(' ', items.Keys)} expected, got {string.Join(' ', got[number].Keys)}");
            foreach (var (name, value) in items)
            {
                Assert.True(value == got[number][name], $"{command}, message {number}, {name} differs ({value.Length} vs {got[number][name].Length} chars)");
            }
        }

        Assert.Equal("OK", Encoding.Latin1.GetString(actual[^1]).Split(' ', 3)[1]);
    }

    [Fact]
    public async Task SecondFetch_MovesNoBodyBytes_InTheSessionInANewSessionAndAfterARestart()
    {
        var message = Message(1, 300_000);
        var (folder, uids) = await SeedAsync("alice", message);
        var fetch = $"UID FETCH {uids[0]} (UID RFC822.SIZE BODY.PEEK[])";
        var expected = await DirectAsync("alice", folder, fetch);
        var cache = CacheAt(NewCacheFolder());

        await using (var gateway = await GatewayInstance.StartAsync(Upstream, cache: cache))
        {
            await using (var session = await OpenAsync(gateway, "alice", folder))
            {
                AssertSameFetches(expected, await session.RunAsync(fetch), fetch);
                AssertSameFetches(expected, await session.RunAsync(fetch), fetch);
            }

            // The body crossed once in the first session, not twice.
            Assert.InRange(await ServerBytesAsync(gateway, "alice", 1), message.Length, (message.Length * 3 / 2) - 1);

            await using (var session = await OpenAsync(gateway, "alice", folder))
            {
                AssertSameFetches(expected, await session.RunAsync(fetch), fetch);
            }

            Assert.InRange(await ServerBytesAsync(gateway, "alice", 2), 1, message.Length / 20);
        }

        await using (var restarted = await GatewayInstance.StartAsync(Upstream, cache: cache))
        {
            await using (var session = await OpenAsync(restarted, "alice", folder))
            {
                AssertSameFetches(expected, await session.RunAsync(fetch), fetch);
            }

            Assert.InRange(await ServerBytesAsync(restarted, "alice", 1), 1, message.Length / 20);
        }
    }

    [Fact]
    public async Task RangesPartialsAndSections_MatchTheServer_ColdAndWarm()
    {
        int[] sizes = [2_000, 40_000, 700, 120_000, 8_000];
        var (folder, uids) = await SeedAsync("alice", [.. sizes.Select((size, i) => Message(10 + i, size))]);
        await using var gateway = await GatewayInstance.StartAsync(Upstream, cache: CacheAt(NewCacheFolder()));
        await using var session = await OpenAsync(gateway, "alice", folder);

        // Two messages are cached before the rest, so the ranges below mix hits and misses.
        await session.RunOkAsync($"UID FETCH {uids[1]},{uids[3]} (UID BODY.PEEK[])");
        string[] commands =
        [
            "FETCH 1:* (UID RFC822.SIZE BODY.PEEK[])",
            "UID FETCH 1:* (FLAGS BODY.PEEK[])",
            "FETCH 2:4 (BODY.PEEK[]<100.1000>)",
            "FETCH 4 (BODY.PEEK[]<0.50>)",
            "FETCH 5 (BODY.PEEK[]<999999.10>)",
            $"UID FETCH {uids[1]}:{uids[3]} (UID BODY.PEEK[HEADER] ENVELOPE BODYSTRUCTURE INTERNALDATE RFC822.SIZE)",
            "FETCH 1,3,5 (BODY.PEEK[1] BODY.PEEK[2.MIME] BODY.PEEK[TEXT])",
            "UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (From Subject)])",
            $"UID FETCH {uids[4]}:* (UID BODY.PEEK[])",
            "FETCH 2 FAST",
            "FETCH 2 ALL",
            "FETCH 1:2 FULL",
            "FETCH 1:* (RFC822.HEADER RFC822.TEXT)",
            "FETCH 3 (RFC822 BODY)",
        ];
        foreach (var command in commands)
        {
            var expected = await DirectAsync("alice", folder, command);
            AssertSameFetches(expected, await session.RunAsync(command), command);
            AssertSameFetches(expected, await session.RunAsync(command), command + " (warm)");
        }
    }

    [Fact]
    public async Task NonPeekFetch_FromTheCache_StillSetsSeenOnTheServer()
    {
        var (folder, uids) = await SeedAsync("alice", Message(20, 5_000), Message(21, 5_000));
        await using var gateway = await GatewayInstance.StartAsync(Upstream, cache: CacheAt(NewCacheFolder()));
        await using var session = await OpenAsync(gateway, "alice", folder, select: "SELECT");
        await session.RunOkAsync("FETCH 1:2 (BODY.PEEK[])");
        Assert.DoesNotContain("\\Seen", ImapBytesSession.Fetches(await session.RunOkAsync("FETCH 1:2 FLAGS"))[1]["FLAGS"], StringComparison.Ordinal);

        var byUid = ImapBytesSession.Fetches(await session.RunOkAsync($"UID FETCH {uids[0]} BODY[]"))[1];
        Assert.Contains("\\Seen", byUid["FLAGS"], StringComparison.Ordinal);
        var bySequence = ImapBytesSession.Fetches(await session.RunOkAsync("FETCH 2 BODY[]"))[2];
        Assert.Contains("\\Seen", bySequence["FLAGS"], StringComparison.Ordinal);

        var direct = ImapBytesSession.Fetches(await DirectAsync("alice", folder, "FETCH 1:2 (FLAGS BODY.PEEK[])"));
        Assert.Contains("\\Seen", direct[1]["FLAGS"], StringComparison.Ordinal);
        Assert.Contains("\\Seen", direct[2]["FLAGS"], StringComparison.Ordinal);
        Assert.Equal(direct[1]["BODY[]"], byUid["BODY[]"]);
        Assert.Equal(direct[2]["BODY[]"], bySequence["BODY[]"]);
    }

    [Fact]
    public async Task NewUidValidity_DropsTheOldEntries()
    {
        var first = Message(30, 4_000);
        var (folder, uids) = await SeedAsync("alice", first);
        await using var gateway = await GatewayInstance.StartAsync(Upstream, cache: CacheAt(NewCacheFolder()));
        var fetch = "UID FETCH 1:* (UID BODY.PEEK[])";
        string oldValidity;
        await using (var session = await OpenAsync(gateway, "alice", folder))
        {
            oldValidity = UidValidity(await session.RunOkAsync($"EXAMINE \"{folder}\""));
            await session.RunOkAsync(fetch);
        }

        // The folder is recreated behind the gateway's back: same name, same UID, another message.
        var second = Message(31, 4_000);
        await using (var direct = await ImapBytesSession.LoginAsync(Direct, "alice", "alicepw", startTls: true))
        {
            await direct.RunOkAsync($"DELETE \"{ServerFolder(folder)}\"");
            await direct.RunOkAsync($"CREATE \"{ServerFolder(folder)}\"");
            Assert.Equal(uids[0], await direct.AppendAsync(ServerFolder(folder), second));
        }

        await using (var session = await ImapBytesSession.LoginAsync(gateway.Imap, "alice", "alicepw"))
        {
            Assert.NotEqual(oldValidity, UidValidity(await session.RunOkAsync($"EXAMINE \"{folder}\"")));
            var body = ImapBytesSession.Fetches(await session.RunOkAsync(fetch)).Single().Value["BODY[]"];
            Assert.Equal(LiteralOf(second), body);
        }
    }

    [Fact]
    public async Task ExpungedMessages_AreDroppedFromTheCache()
    {
        var (folder, uids) = await SeedAsync("alice", Message(35, 30_000), Message(36, 30_000));
        var cacheFolder = NewCacheFolder();
        await using var gateway = await GatewayInstance.StartAsync(Upstream, cache: CacheAt(cacheFolder));
        var fetch = $"UID FETCH {uids[0]}:{uids[1]} (UID BODY.PEEK[])";
        await using (var session = await OpenAsync(gateway, "alice", folder))
        {
            Assert.Equal(2, ImapBytesSession.Fetches(await session.RunOkAsync(fetch)).Count);
        }

        Assert.Equal(2, Directory.GetFiles(cacheFolder, "*.entry", SearchOption.AllDirectories).Length);
        await using (var direct = await ImapBytesSession.LoginAsync(Direct, "alice", "alicepw", startTls: true))
        {
            await direct.RunOkAsync($"SELECT \"{ServerFolder(folder)}\"");
            await direct.RunOkAsync($"UID STORE {uids[0]} +FLAGS.SILENT (\\Deleted)");
            await direct.RunOkAsync("EXPUNGE");
        }

        // The next FETCH that names the expunged UID learns it is gone and drops its entry.
        await using (var session = await OpenAsync(gateway, "alice", folder))
        {
            var answers = ImapBytesSession.Fetches(await session.RunOkAsync(fetch));
            Assert.Equal(uids[1].ToString(CultureInfo.InvariantCulture), Assert.Single(answers).Value["UID"]);
        }

        Assert.Single(Directory.GetFiles(cacheFolder, "*.entry", SearchOption.AllDirectories));
    }

    private static string UidValidity(List<byte[]> responses) =>
        responses.Select(r => Encoding.Latin1.GetString(r)).Select(l => Regex.Match(l, "\\[UIDVALIDITY (\\d+)\\]")).Single(m => m.Success).Groups[1].Value;

    private static string LiteralOf(byte[] message) => $"{{{message.Length}}}\r\n{Encoding.Latin1.GetString(message)}";

    [Fact]
    public async Task SmallBudget_EvictsTheLeastRecentlyUsed_AndEvictedMessagesAreFetchedAgain()
    {
        byte[][] messages = [Message(40, 450_000), Message(41, 450_000), Message(42, 450_000)];
        var (folder, uids) = await SeedAsync("alice", messages);
        await using var gateway = await GatewayInstance.StartAsync(Upstream, cache: CacheAt(NewCacheFolder(), maxSizeMB: 1));
        string Fetch(int i) => $"UID FETCH {uids[i]} (UID BODY.PEEK[])";
        await using (var session = await OpenAsync(gateway, "alice", folder))
        {
            for (var i = 0; i < 3; i++)
            {
                await session.RunOkAsync(Fetch(i));
            }
        }

        // 1.35 MB went through a 1 MB budget: the newest is still there, the oldest is not.
        await using (var session = await OpenAsync(gateway, "alice", folder))
        {
            AssertSameFetches(await DirectAsync("alice", folder, Fetch(2)), await session.RunAsync(Fetch(2)), Fetch(2));
        }

        Assert.InRange(await ServerBytesAsync(gateway, "alice", 2), 1, 100_000);
        await using (var session = await OpenAsync(gateway, "alice", folder))
        {
            AssertSameFetches(await DirectAsync("alice", folder, Fetch(0)), await session.RunAsync(Fetch(0)), Fetch(0));
        }

        Assert.True(await ServerBytesAsync(gateway, "alice", 3) > messages[0].Length);
    }

    [Fact]
    public async Task CorruptOrTruncatedEntries_AreNeverServed()
    {
        var (folder, uids) = await SeedAsync("alice", Message(50, 200_000), Message(51, 200_000));
        var cacheFolder = NewCacheFolder();
        await using var gateway = await GatewayInstance.StartAsync(Upstream, cache: CacheAt(cacheFolder));
        var fetch = "UID FETCH 1:* (UID BODY.PEEK[])";
        var expected = await DirectAsync("alice", folder, fetch);
        await using (var session = await OpenAsync(gateway, "alice", folder))
        {
            await session.RunOkAsync(fetch);
        }

        // One entry gets a flipped byte in its middle, the other loses its tail.
        var entries = Directory.GetFiles(cacheFolder, "*.entry", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length > 100_000).ToList();
        Assert.Equal(2, entries.Count);
        var bytes = await File.ReadAllBytesAsync(entries[0]);
        bytes[bytes.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(entries[0], bytes);
        await using (var stream = new FileStream(entries[1], FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(stream.Length - 1000);
        }

        await using (var session = await OpenAsync(gateway, "alice", folder))
        {
            AssertSameFetches(expected, await session.RunAsync(fetch), fetch);
        }

        Assert.True(await ServerBytesAsync(gateway, "alice", 2) > 400_000, "both damaged entries are fetched again");
        await using (var session = await OpenAsync(gateway, "alice", folder))
        {
            AssertSameFetches(expected, await session.RunAsync(fetch), fetch);
        }

        Assert.InRange(await ServerBytesAsync(gateway, "alice", 3), 1, 40_000);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the integration tests run on Linux; Windows relies on the folder's ACL
    public async Task EachUser_HasOwnEntries_InOwnerOnlyFolders()
    {
        // Same folder name and UID for two users, different messages: each must get their own.
        var aliceMessage = Message(60, 6_000, "alice");
        var bobMessage = Message(61, 6_000, "bob");
        var (folder, aliceUids) = await SeedAsync("alice", aliceMessage);
        await using (var direct = await ImapBytesSession.LoginAsync(Direct, "bob", "bobpw", startTls: true))
        {
            await direct.RunOkAsync($"CREATE \"{ServerFolder(folder)}\"");
            Assert.Equal(aliceUids[0], await direct.AppendAsync(ServerFolder(folder), bobMessage));
        }

        var cacheFolder = NewCacheFolder();
        await using var gateway = await GatewayInstance.StartAsync(Upstream, cache: CacheAt(cacheFolder));
        var fetch = $"UID FETCH {aliceUids[0]} (UID BODY.PEEK[])";
        foreach (var (user, message) in new[] { ("alice", aliceMessage), ("bob", bobMessage), ("alice", aliceMessage), ("bob", bobMessage) })
        {
            await using var session = await OpenAsync(gateway, user, folder);
            Assert.Equal(LiteralOf(message), ImapBytesSession.Fetches(await session.RunOkAsync(fetch)).Single().Value["BODY[]"]);
        }

        var userFolders = Directory.GetDirectories(cacheFolder, "u-*");
        Assert.Equal(2, userFolders.Length);
        foreach (var path in Directory.GetDirectories(cacheFolder, "*", SearchOption.AllDirectories).Append(cacheFolder))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
        }

        foreach (var path in Directory.GetFiles(cacheFolder, "*.entry", SearchOption.AllDirectories))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task AnUnwritableCache_DegradesToPassThrough()
    {
        var (folder, _) = await SeedAsync("alice", Message(90, 150_000), Message(91, 2_000));
        var cacheFolder = NewCacheFolder();
        await using var gateway = await GatewayInstance.StartAsync(Upstream, cache: CacheAt(cacheFolder));
        var fetch = "FETCH 1:* (UID RFC822.SIZE ENVELOPE BODY.PEEK[])";
        var expected = await DirectAsync("alice", folder, fetch);

        // The cache folder turns into a file under the running gateway: every write and read now fails.
        Directory.Delete(cacheFolder, recursive: true);
        await File.WriteAllTextAsync(cacheFolder, "not a folder");
        await using var session = await OpenAsync(gateway, "alice", folder);
        AssertSameFetches(expected, await session.RunAsync(fetch), fetch);
        AssertSameFetches(expected, await session.RunAsync(fetch), fetch + " (again)");
        Assert.Equal("not a folder", await File.ReadAllTextAsync(cacheFolder));
    }

    [Fact]
    public async Task ConcurrentSessions_OfOneUser_GetWholeMessages()
    {
        byte[][] messages = [Message(70, 700_000), Message(71, 300_000), Message(72, 50_000)];
        var (folder, _) = await SeedAsync("alice", messages);
        await using var gateway = await GatewayInstance.StartAsync(Upstream, cache: CacheAt(NewCacheFolder()));
        var fetch = "FETCH 1:* (UID RFC822.SIZE BODY.PEEK[])";
        var expected = await DirectAsync("alice", folder, fetch);

        async Task ReadAsync()
        {
            await using var session = await OpenAsync(gateway, "alice", folder);
            for (var round = 0; round < 3; round++)
            {
                AssertSameFetches(expected, await session.RunAsync(fetch), fetch);
            }
        }

        await Task.WhenAll(ReadAsync(), ReadAsync(), ReadAsync());
        await using var last = await OpenAsync(gateway, "alice", folder);
        AssertSameFetches(expected, await last.RunAsync(fetch), fetch);
    }

    [Fact]
    public async Task PipelinedCommands_AfterACachedFetch_AreAnsweredInOrder()
    {
        var (folder, uids) = await SeedAsync("alice", Message(80, 20_000));
        await using var gateway = await GatewayInstance.StartAsync(Upstream, cache: CacheAt(NewCacheFolder()));
        await using var session = await OpenAsync(gateway, "alice", folder);
        var responses = await session.RunPipelinedAsync(
            $"UID FETCH {uids[0]} (UID BODY.PEEK[])", "NOOP", $"UID FETCH {uids[0]} (UID BODY.PEEK[])", "FETCH 1 (FLAGS BODY.PEEK[HEADER])", "NOOP");
        var tagged = responses.Select(r => Encoding.Latin1.GetString(r)).Where(l => !l.StartsWith('*')).Select(l => l.Split(' ', 3)).ToList();
        Assert.Equal(["p1", "p2", "p3", "p4", "p5"], tagged.Select(t => t[0]));
        Assert.All(tagged, t => Assert.Equal("OK", t[1]));
        Assert.Equal(3, ImapBytesSession.FetchCount(responses));
    }
    [Fact]
    public async Task CachedFetches_OfKnownMessages_NeedNoServer_AndTheirNumbersFollowExpunges()
    {
        byte[][] messages = [.. Enumerable.Range(90, 6).Select(i => Message(i, 4_000))];
        var (folder, uids) = await SeedAsync("alice", messages);
        await using var gateway = await GatewayInstance.StartAsync(Upstream, cache: CacheAt(NewCacheFolder()));
        var all = "UID FETCH 1:* (UID BODY.PEEK[])";
        string One(int index) => $"UID FETCH {uids[index]} (UID BODY.PEEK[])";

        // After a first session fills the cache, two sessions alike but for 20 cached FETCHes of known messages in the
        // second: those add nothing upstream.
        for (var warm = 0; warm < 2; warm++)
        {
            await using var session = await OpenAsync(gateway, "alice", folder, "SELECT");
            Assert.Equal(6, ImapBytesSession.FetchCount(await session.RunOkAsync(all)));
        }

        var expected = await DirectAsync("alice", folder, One(3));
        await using (var session = await OpenAsync(gateway, "alice", folder, "SELECT"))
        {
            Assert.Equal(6, ImapBytesSession.FetchCount(await session.RunOkAsync(all)));
            for (var i = 0; i < 20; i++)
            {
                AssertSameFetches(expected, await session.RunAsync(One(3)), One(3));
            }
        }

        var plain = await ToServerBytesAsync(gateway, "alice", 2);
        var withFetches = await ToServerBytesAsync(gateway, "alice", 3);
        // 20 round trips would be over 500 bytes; how the session ends (the client's LOGOUT or the gateway's) varies by a few.
        Assert.True(Math.Abs(withFetches - plain) <= 32, $"{withFetches} bytes to the server with the cached FETCHes, {plain} without");

        // Another session expunges message 2; this one learns it at its NOOP, and message 4 becomes number 3.
        await using var reader = await OpenAsync(gateway, "alice", folder, "SELECT");
        Assert.Equal(6, ImapBytesSession.FetchCount(await reader.RunOkAsync(all)));
        await using (var direct = await ImapBytesSession.LoginAsync(Direct, "alice", "alicepw", startTls: true))
        {
            await direct.RunOkAsync($"SELECT \"{ServerFolder(folder)}\"");
            await direct.RunOkAsync($"UID STORE {uids[1]} +FLAGS.SILENT (\\Deleted)");
            await direct.RunOkAsync($"UID EXPUNGE {uids[1]}");
        }

        Assert.Contains(await reader.RunOkAsync("NOOP"), r => Encoding.Latin1.GetString(r).TrimEnd() == "* 2 EXPUNGE");
        foreach (var index in new[] { 0, 2, 3, 5 })
        {
            AssertSameFetches(await DirectAsync("alice", folder, One(index)), await reader.RunAsync(One(index)), One(index));
        }

        var range = $"UID FETCH {uids[2]}:{uids[4]} (UID BODY.PEEK[])";
        AssertSameFetches(await DirectAsync("alice", folder, range), await reader.RunAsync(range), range);
        AssertSameFetches(await DirectAsync("alice", folder, "FETCH 1:* (UID)"), await reader.RunAsync("FETCH 1:* (UID)"), "FETCH 1:* (UID)");
    }

    /// <summary>The bytes the gateway sent the server in the <paramref name="occurrence"/>-th ended session of <paramref name="user"/>.</summary>
    private static async Task<long> ToServerBytesAsync(GatewayInstance gateway, string user, int occurrence)
    {
        var line = await gateway.Events.WaitForAsync($"session of {user} ended:", occurrence, TimeSpan.FromSeconds(30));
        return long.Parse(ToServerBytesPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("bytes from the server, (\\d+) bytes to it")]
    private static partial Regex ToServerBytesPattern();
}

[Collection(Collections.MailStack)]
public sealed class DovecotMessageCacheTests(MailStackFixture servers) : MessageCacheTests
{
    private protected override UpstreamServer Server => servers.Dovecot;

    private protected override string ServerFolder(string folder) => folder;
}

[Collection(Collections.Cyrus)]
public sealed class CyrusMessageCacheTests(CyrusFixture cyrus) : MessageCacheTests
{
    private protected override UpstreamServer Server => cyrus.Server;

    private protected override string ServerFolder(string folder) => "INBOX." + folder;
}
