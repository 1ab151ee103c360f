using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Cache;

namespace Gateway.Core.Tests.Cache;

/// <summary><c>Cache:Encrypt</c>: entries sealed with AES-GCM in 64 KB chunks, bound to their key.</summary>
public sealed class EncryptedCacheStoreTests : IDisposable
{
    private const int Chunk = CacheEntryFormat.ChunkSize;
    private const int Header = CacheEntryFormat.EncryptedHeaderLength;
    private const int Tag = CacheEntryFormat.TagSize;

    private static readonly MessageCacheMailbox Inbox = new("dovecot", "alice", "INBOX", 1700000000);
    private static readonly byte[] MasterKey = RandomNumberGenerator.GetBytes(32);

    private readonly TempCacheDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private MessageCacheStore Open(byte[]? key) =>
        new(new MessageCacheOptions { Enabled = true, Directory = _dir.Path, MaxSizeMB = 64, EncryptionKey = key, CountersSaveInterval = TimeSpan.Zero });

    private static async Task<byte[]?> ReadAsync(MessageCacheStore store, MessageCacheKey key)
    {
        await using var entry = await store.TryOpenAsync(key);
        if (entry is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await entry.Content.CopyToAsync(copy);
        Assert.Equal(entry.Length, copy.Length);
        return copy.ToArray();
    }

    private string EntryFile(long uid) => Directory.EnumerateFiles(_dir.Path, $"{uid}-*.entry", SearchOption.AllDirectories).Single();

    private static byte[] Body(int length)
    {
        var text = Encoding.ASCII.GetBytes("Subject: quarterly figures, confidential\r\n");
        var body = new byte[length];
        for (var i = 0; i < length; i++)
        {
            body[i] = text[i % text.Length];
        }

        return body;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(3 * Chunk)]
    [InlineData(200_000)]
    public async Task Round_trips_every_length_and_keeps_no_plaintext_on_disk(int length)
    {
        var store = Open(MasterKey);
        var key = Inbox.Key(1, "BODY[]");
        var body = Body(length);

        Assert.True(await store.TryStoreAsync(key, body));

        Assert.Equal(body, await ReadAsync(store, key));
        var file = await File.ReadAllBytesAsync(EntryFile(1));
        Assert.Equal(CacheEntryFormat.EncryptedFileLength(length), file.Length);
        Assert.Equal(Header + length + (Math.Max(1, (length + Chunk - 1) / Chunk) * Tag), file.Length);
        Assert.True(file.AsSpan(0, 8).SequenceEqual("SCOGWC2\n"u8));
        Assert.Equal(-1, file.AsSpan().IndexOf("confidential"u8));
        Assert.Equal(file.Length, store.TotalBytes);
        Assert.Equal((1L, (long)length, (long)length), (store.GetStats().Hits, store.GetStats().BytesServed, store.GetStats().BytesStored));
    }

    [Fact]
    public async Task Two_entries_with_the_same_content_differ_on_disk()
    {
        var store = Open(MasterKey);
        var body = Body(1000);
        Assert.True(await store.TryStoreAsync(Inbox.Key(1, "BODY[]"), body));
        Assert.True(await store.TryStoreAsync(Inbox.Key(2, "BODY[]"), body));

        var one = await File.ReadAllBytesAsync(EntryFile(1));
        var two = await File.ReadAllBytesAsync(EntryFile(2));
        Assert.False(one.AsSpan(Header).SequenceEqual(two.AsSpan(Header)));
    }

    [Fact]
    public async Task The_content_stream_seeks_across_chunks()
    {
        var store = Open(MasterKey);
        var key = Inbox.Key(1, "BODY[]");
        var body = RandomNumberGenerator.GetBytes((2 * Chunk) + 5000);
        Assert.True(await store.TryStoreAsync(key, body));

        await using var entry = await store.TryOpenAsync(key);
        Assert.NotNull(entry);
        var content = entry.Content;
        Assert.True(content.CanSeek);
        Assert.Equal(body.Length, content.Length);
        Assert.Equal(0, content.Position);

        foreach (var (offset, origin, count) in new[] { (Chunk - 10L, SeekOrigin.Begin, 20), (Chunk + 100L, SeekOrigin.Current, 3), (-30L, SeekOrigin.End, 30), (5L, SeekOrigin.Begin, Chunk * 2) })
        {
            var at = content.Seek(offset, origin);
            var read = new byte[count];
            await content.ReadExactlyAsync(read);
            Assert.Equal(body.AsSpan((int)at, count).ToArray(), read);
        }

        content.Position = body.Length;
        Assert.Equal(0, await content.ReadAsync(new byte[10]));
        content.Position = 1;
        var sync = new byte[100];
        content.ReadExactly(sync);
        Assert.Equal(body.AsSpan(1, 100).ToArray(), sync);
    }

    public static TheoryData<string> Damages => new()
    {
        "header-magic", "header-length-shorter", "header-length-longer", "header-salt", "header-key-hash", "header-nonce-prefix",
        "header-reserved", "first-chunk", "first-tag", "middle-chunk", "last-chunk", "last-tag", "truncate-one-byte",
        "drop-last-chunk-and-fix-length", "append-byte", "swap-first-two-chunks", "empty",
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_tampered_or_truncated_entry_is_discarded_counted_and_never_served(string damage)
    {
        const int Length = (3 * Chunk) + 100; // four chunks, the last one short
        var store = Open(MasterKey);
        var key = Inbox.Key(5, "BODY[]");
        Assert.True(await store.TryStoreAsync(key, Body(Length)));
        var path = EntryFile(5);
        var bytes = await File.ReadAllBytesAsync(path);
        const int Sealed = Chunk + Tag;
        switch (damage)
        {
            case "header-magic": bytes[6] ^= 1; break;
            case "header-length-shorter": BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), Length - 1); break;
            case "header-length-longer": BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), Length + 1); break;
            case "header-salt": bytes[20] ^= 1; break;
            case "header-key-hash": bytes[50] ^= 1; break;
            case "header-nonce-prefix": bytes[82] ^= 1; break;
            case "header-reserved": bytes[90] = 1; break;
            case "first-chunk": bytes[Header + 10] ^= 1; break;
            case "first-tag": bytes[Header + Chunk + 3] ^= 1; break;
            case "middle-chunk": bytes[Header + Sealed + 70_000 - Chunk] ^= 0x80; break;
            case "last-chunk": bytes[Header + (3 * Sealed) + 50] ^= 1; break;
            case "last-tag": bytes[^1] ^= 1; break;
            case "truncate-one-byte": bytes = bytes[..^1]; break;
            case "drop-last-chunk-and-fix-length":
                // A consistent file of three full chunks: only the last-chunk flag in the nonce tells it is cut short.
                bytes = bytes[..(Header + (3 * Sealed))];
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), 3 * Chunk);
                break;
            case "append-byte": bytes = [.. bytes, 0]; break;
            case "swap-first-two-chunks":
                var first = bytes.AsSpan(Header, Sealed).ToArray();
                bytes.AsSpan(Header + Sealed, Sealed).CopyTo(bytes.AsSpan(Header));
                first.CopyTo(bytes.AsSpan(Header + Sealed));
                break;
            case "empty": bytes = []; break;
        }

        await File.WriteAllBytesAsync(path, bytes);

        Assert.Null(await ReadAsync(store, key));
        Assert.False(File.Exists(path));
        Assert.False(store.Contains(key));
        var stats = store.GetStats();
        Assert.Equal((1L, 1L, 0L, 0L), (stats.Corrupt, stats.Misses, stats.Hits, stats.BytesServed));
    }

    [Fact]
    public async Task An_entry_written_with_another_key_is_discarded()
    {
        var key = Inbox.Key(1, "BODY[]");
        Assert.True(await Open(MasterKey).TryStoreAsync(key, Body(5000)));

        var other = Open(RandomNumberGenerator.GetBytes(32));

        Assert.Null(await ReadAsync(other, key));
        Assert.Equal(1, other.GetStats().Corrupt);
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "*.entry", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_entry_moved_to_another_users_path_fails_even_with_a_forged_header()
    {
        var store = Open(MasterKey);
        var alice = Inbox.Key(1, "BODY[]");
        var bob = (Inbox with { User = "bob" }).Key(1, "BODY[]");
        Assert.True(await store.TryStoreAsync(alice, Body(3000)));
        var alicePath = EntryFile(1);
        Assert.True(await store.TryStoreAsync(bob, Body(10)));
        var bobPath = Directory.EnumerateFiles(_dir.Path, "1-*.entry", SearchOption.AllDirectories).Single(p => p != alicePath);

        // A plain copy fails the header's key check; a copy whose header names bob's key fails authentication, as
        // the entry key and the associated data of every chunk depend on the full key.
        var forged = await File.ReadAllBytesAsync(alicePath);
        CacheEntryFormat.KeyHash(bob).CopyTo(forged, 48);
        await File.WriteAllBytesAsync(bobPath, forged);

        Assert.Null(await ReadAsync(store, bob));
        Assert.Equal(1, store.GetStats().Corrupt);
        Assert.False(File.Exists(bobPath));
        Assert.Equal(Body(3000), await ReadAsync(store, alice));
    }

    [Fact]
    public async Task Plain_and_encrypted_entries_are_never_taken_for_each_other()
    {
        var plainKey = Inbox.Key(1, "BODY[]");
        var sealedKey = Inbox.Key(2, "BODY[]");
        Assert.True(await Open(null).TryStoreAsync(plainKey, Body(100)));
        Assert.True(await Open(MasterKey).TryStoreAsync(sealedKey, Body(100)));

        var encrypting = Open(MasterKey);
        Assert.Null(await ReadAsync(encrypting, plainKey)); // a planted plaintext entry is not served
        Assert.Equal(1, encrypting.GetStats().Corrupt);
        var plain = Open(null);
        Assert.Null(await ReadAsync(plain, sealedKey));
        Assert.Equal(1, plain.GetStats().Corrupt);
    }

    [Fact]
    public async Task A_reader_that_finds_a_chunk_changed_after_verification_throws_instead_of_serving_it()
    {
        var store = Open(MasterKey);
        var key = Inbox.Key(1, "BODY[]");
        Assert.True(await store.TryStoreAsync(key, Body(3 * Chunk)));
        await using var entry = await store.TryOpenAsync(key);
        Assert.NotNull(entry);

        using (var handle = File.OpenHandle(EntryFile(1), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        {
            var one = new byte[1];
            RandomAccess.Read(handle, one, Header + 5);
            one[0] ^= 1;
            RandomAccess.Write(handle, one, Header + 5);
        }

        await Assert.ThrowsAsync<IOException>(async () => await entry.Content.CopyToAsync(Stream.Null));
    }

    [Fact]
    public void A_key_of_the_wrong_length_is_refused() => Assert.Throws<ArgumentException>(() => Open(new byte[16]));
}
