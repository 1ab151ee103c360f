using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Cache;
using Gateway.Imap.Cache;

namespace Gateway.Imap.Tests.Cache;

/// <summary>The composer over an encrypting store (<c>Cache:Encrypt</c>): same bytes as from plain entries.</summary>
public sealed class EncryptedFetchResponseComposerTests : IDisposable
{
    private static readonly MessageCacheMailbox Inbox = new("dovecot", "alice", "INBOX", 42);
    private readonly TempCacheDirectory _dir = new();
    private readonly MessageCacheStore _store;

    public EncryptedFetchResponseComposerTests() => _store = new MessageCacheStore(new MessageCacheOptions
    {
        Enabled = true,
        Directory = _dir.Path,
        MaxSizeMB = 8,
        EncryptionKey = RandomNumberGenerator.GetBytes(32),
    });

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private static FetchRequest Parse(string line)
    {
        Assert.True(FetchCommandParser.TryParse(Encoding.UTF8.GetBytes(line), out var request), line);
        return request;
    }

    private async Task<byte[]?> ComposeAsync(string command)
    {
        Assert.True(FetchResponse.TryParse("* 9 FETCH (UID 7)\r\n"u8.ToArray(), out var upstream));
        using var output = new MemoryStream();
        return await FetchResponseComposer.TryWriteAsync(output, 9, Parse(command), upstream, key => _store.TryOpenAsync(Inbox.Key(7, key)))
            ? output.ToArray()
            : null;
    }

    [Fact]
    public async Task A_large_body_and_partials_cut_across_chunk_boundaries_come_out_byte_for_byte()
    {
        var body = new byte[(3 * 64 * 1024) + 123];
        new Random(7).NextBytes(body);
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)((body[i] % 94) + 32);
        }

        var header = Encoding.ASCII.GetBytes($"BODY[] {{{body.Length}}}\r\n");
        byte[] entry = [.. header, .. body];
        Assert.True(await _store.TryStoreAsync(Inbox.Key(7, "BODY[]"), entry.AsMemory()));

        byte[] whole = [.. "* 9 FETCH (UID 7 "u8.ToArray(), .. entry, .. ")\r\n"u8.ToArray()];
        Assert.Equal(whole, await ComposeAsync("a UID FETCH 7 BODY.PEEK[]"));
        foreach (var (offset, length) in new[] { (0, 10), (65_000, 2_000), (131_000, 70_000), (body.Length - 5, 100) })
        {
            var expected = body.AsSpan(offset, Math.Min(length, body.Length - offset)).ToArray();
            byte[] answer = [.. Encoding.ASCII.GetBytes($"* 9 FETCH (UID 7 BODY[]<{offset}> {{{expected.Length}}}\r\n"), .. expected, .. ")\r\n"u8.ToArray()];
            Assert.Equal(answer, await ComposeAsync($"a UID FETCH 7 BODY.PEEK[]<{offset}.{length}>"));
        }
    }
}
