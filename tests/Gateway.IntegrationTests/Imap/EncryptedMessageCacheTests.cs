using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Imap;

/// <summary><c>Cache:Encrypt</c> through the gateway against Dovecot: warm reads, no plaintext on disk, tampering.</summary>
[Collection(Collections.MailStack)]
public sealed partial class EncryptedMessageCacheTests(MailStackFixture servers)
{
    private IPEndPoint Direct => new(IPAddress.Loopback, servers.Dovecot.Port("IMAP_PORT"));

    [GeneratedRegex(", (\\d+) bytes from the server")]
    private static partial Regex ServerBytesPattern();

    private static async Task<long> ServerBytesAsync(GatewayInstance gateway, int occurrence)
    {
        var line = await gateway.Events.WaitForAsync("session of alice ended:", occurrence, TimeSpan.FromSeconds(30));
        return long.Parse(ServerBytesPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<List<byte[]>> FetchAsync(GatewayInstance gateway, string folder, string fetch)
    {
        await using var session = await ImapBytesSession.LoginAsync(gateway.Imap, "alice", "alicepw");
        await session.RunOkAsync($"EXAMINE \"{folder}\"");
        return await session.RunOkAsync(fetch);
    }

    [Fact]
    public async Task EncryptedEntries_ServeWarmReadsByteForByte_HoldNoPlaintext_AndTamperingIsRefetched()
    {
        var marker = "Subject: encrypted cache " + Guid.NewGuid().ToString("N");
        var body = string.Concat(Enumerable.Range(0, 4000).Select(i => $"line {i} of a confidential report\r\n"));
        var message = Encoding.ASCII.GetBytes($"From: alice@lab.test\r\nTo: bob@lab.test\r\n{marker}\r\n\r\n{body}");
        var folder = "enc" + Guid.NewGuid().ToString("N")[..8];
        List<byte[]> expected;
        string fetch;
        await using (var direct = await ImapBytesSession.LoginAsync(Direct, "alice", "alicepw", startTls: true))
        {
            await direct.RunOkAsync($"CREATE \"{folder}\"");
            var uid = await direct.AppendAsync(folder, message);
            fetch = $"UID FETCH {uid} (UID RFC822.SIZE ENVELOPE BODY.PEEK[])";
            await direct.RunOkAsync($"EXAMINE \"{folder}\"");
            expected = await direct.RunOkAsync(fetch);
        }

        var run = Path.Combine(TestTls.RunDirectory, "enc-" + Guid.NewGuid().ToString("N")[..8]);
        var cacheFolder = Path.Combine(run, "cache");
        var cache = new { Path = cacheFolder, Encrypt = true, KeyFile = Path.Combine(run, "keys", "cache.key") };
        var want = ImapBytesSession.Fetches(expected);

        await using (var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT")), cache: cache))
        {
            Assert.Equal(want, ImapBytesSession.Fetches(await FetchAsync(gateway, folder, fetch)));
            Assert.True(await ServerBytesAsync(gateway, 1) > message.Length);
            Assert.Equal(want, ImapBytesSession.Fetches(await FetchAsync(gateway, folder, fetch)));
            Assert.InRange(await ServerBytesAsync(gateway, 2), 1, message.Length / 20);
        }

        var entries = Directory.GetFiles(cacheFolder, "*.entry", SearchOption.AllDirectories);
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            var bytes = await File.ReadAllBytesAsync(entry);
            Assert.True(bytes.AsSpan(0, 8).SequenceEqual("SCOGWC2\n"u8), entry);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes("confidential report")));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker)));
        }

        var largest = entries.OrderByDescending(e => new FileInfo(e).Length).First();
        var sealedBody = await File.ReadAllBytesAsync(largest);
        sealedBody[sealedBody.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(largest, sealedBody);

        await using (var restarted = await GatewayInstance.StartAsync(Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT")), cache: cache))
        {
            Assert.Equal(want, ImapBytesSession.Fetches(await FetchAsync(restarted, folder, fetch)));
            Assert.True(await ServerBytesAsync(restarted, 1) > message.Length, "the tampered body is fetched again");
            Assert.Equal(want, ImapBytesSession.Fetches(await FetchAsync(restarted, folder, fetch)));
            Assert.InRange(await ServerBytesAsync(restarted, 2), 1, message.Length / 20);
        }
    }
}
