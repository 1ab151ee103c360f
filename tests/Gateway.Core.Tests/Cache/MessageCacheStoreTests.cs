using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Cache;

namespace Gateway.Core.Tests.Cache;

public sealed class MessageCacheStoreTests : IDisposable
{
    private static readonly MessageCacheMailbox Inbox = new("dovecot", "alice", "INBOX", 1700000000);

    private readonly TempCacheDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private MessageCacheStore Open(long maxSizeMB = 16) => new(new MessageCacheOptions { Enabled = true, Directory = _dir.Path, MaxSizeMB = maxSizeMB });

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

    private static IEnumerable<string> EntryFiles(string root) => Directory.EnumerateFiles(root, "*.entry", SearchOption.AllDirectories);

    [Fact]
    public async Task Stores_and_reads_back_exact_bytes()
    {
        var store = Open();
        var key = Inbox.Key(7, "BODY[]");
        var body = "{11}\r\nHello\r\nWorld"u8.ToArray();
        Assert.True(await store.TryStoreAsync(key, body));
        Assert.True(store.Contains(key));
        Assert.Equal(body, await ReadAsync(store, key));
        Assert.Null(await ReadAsync(store, Inbox.Key(7, "ENVELOPE")));
        Assert.Null(await ReadAsync(store, Inbox.Key(8, "BODY[]")));
        var stats = store.GetStats();
        Assert.Equal(1, stats.Hits);
        Assert.Equal(2, stats.Misses);
        Assert.Equal(body.Length, stats.BytesServed);
        Assert.Equal(body.Length, stats.BytesStored);
    }

    [Fact]
    public async Task Streams_a_five_megabyte_body_through_the_writer()
    {
        var store = Open();
        var key = Inbox.Key(1, "BODY[]");
        var chunk = new byte[64 * 1024];
        RandomNumberGenerator.Fill(chunk);
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var writer = store.BeginWrite(key);
        Assert.NotNull(writer);
        await using (writer)
        {
            for (var i = 0; i < 80; i++)
            {
                chunk[0] = (byte)i;
                await writer.WriteAsync(chunk);
                expected.AppendData(chunk);
            }

            Assert.True(await writer.CommitAsync());
        }

        await using var entry = await store.TryOpenAsync(key);
        Assert.NotNull(entry);
        Assert.Equal(80L * chunk.Length, entry.Length);
        Assert.Equal(expected.GetHashAndReset(), await SHA256.HashDataAsync(entry.Content));
    }

    [Fact]
    public async Task An_uncommitted_write_is_invisible_and_leaves_no_file()
    {
        var store = Open();
        var key = Inbox.Key(3, "BODY[]");
        var writer = store.BeginWrite(key)!;
        await writer.WriteAsync("partial"u8.ToArray());
        await writer.DisposeAsync();
        Assert.False(store.Contains(key));
        Assert.Null(await ReadAsync(store, key));
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("flip-payload")]
    [InlineData("truncate")]
    [InlineData("extend")]
    [InlineData("empty")]
    [InlineData("flip-header")]
    public async Task A_damaged_entry_is_a_miss_and_is_deleted(string damage)
    {
        var store = Open();
        var key = Inbox.Key(5, "BODY[]");
        Assert.True(await store.TryStoreAsync(key, Encoding.ASCII.GetBytes(new string('x', 1000))));
        var file = Assert.Single(EntryFiles(_dir.Path));
        var bytes = await File.ReadAllBytesAsync(file);
        switch (damage)
        {
            case "flip-payload": bytes[^10] ^= 1; break;
            case "truncate": bytes = bytes[..^1]; break;
            case "extend": bytes = [.. bytes, 0]; break;
            case "empty": bytes = []; break;
            case "flip-header": bytes[3] ^= 1; break;
        }

        await File.WriteAllBytesAsync(file, bytes);
        Assert.Null(await ReadAsync(store, key));
        Assert.False(File.Exists(file));
        Assert.False(store.Contains(key));
        Assert.Equal(1, store.GetStats().Corrupt);
    }

    [Fact]
    public async Task A_file_copied_to_another_keys_path_is_rejected()
    {
        var store = Open();
        var a = Inbox.Key(1, "BODY[]");
        var b = Inbox.Key(2, "BODY[]");
        Assert.True(await store.TryStoreAsync(a, "AAAA"u8.ToArray()));
        Assert.True(await store.TryStoreAsync(b, "BBBB"u8.ToArray()));
        var files = EntryFiles(_dir.Path).ToList();
        var fileA = files.Single(f => Path.GetFileName(f).StartsWith("1-", StringComparison.Ordinal));
        var fileB = files.Single(f => Path.GetFileName(f).StartsWith("2-", StringComparison.Ordinal));
        File.Copy(fileA, fileB, overwrite: true);
        Assert.Null(await ReadAsync(store, b));
        Assert.Equal("AAAA"u8.ToArray(), await ReadAsync(store, a));
    }

    [Fact]
    public async Task A_new_uidvalidity_drops_the_old_entries_of_that_mailbox_only()
    {
        var store = Open();
        var sent = Inbox with { Mailbox = "Sent" };
        Assert.True(await store.TryStoreAsync(Inbox.Key(1, "BODY[]"), "old"u8.ToArray()));
        Assert.True(await store.TryStoreAsync(Inbox.Key(2, "ENVELOPE"), "old"u8.ToArray()));
        Assert.True(await store.TryStoreAsync(sent.Key(1, "BODY[]"), "sent"u8.ToArray()));
        var renewed = Inbox with { UidValidity = Inbox.UidValidity + 1 };
        Assert.True(await store.TryStoreAsync(renewed.Key(1, "BODY[]"), "new"u8.ToArray()));

        Assert.Equal(2, store.SetUidValidity(renewed));

        Assert.Null(await ReadAsync(store, Inbox.Key(1, "BODY[]")));
        Assert.Empty(store.ListUids(Inbox));
        Assert.Equal("new"u8.ToArray(), await ReadAsync(store, renewed.Key(1, "BODY[]")));
        Assert.Equal("sent"u8.ToArray(), await ReadAsync(store, sent.Key(1, "BODY[]")));
        Assert.Equal(0, store.SetUidValidity(renewed));
    }

    [Fact]
    public async Task Lists_and_removes_uids()
    {
        var store = Open();
        foreach (var uid in new long[] { 10, 2, 33 })
        {
            Assert.True(await store.TryStoreAsync(Inbox.Key(uid, "BODY[]"), "x"u8.ToArray()));
            Assert.True(await store.TryStoreAsync(Inbox.Key(uid, "RFC822.SIZE"), "1"u8.ToArray()));
        }

        Assert.Equal([2L, 10, 33], store.ListUids(Inbox));
        store.RemoveUid(Inbox, 10);
        Assert.Equal([2L, 33], store.ListUids(Inbox));
        Assert.False(store.Contains(Inbox.Key(10, "RFC822.SIZE")));
        store.Remove(Inbox.Key(2, "BODY[]"));
        Assert.False(store.Contains(Inbox.Key(2, "BODY[]")));
        Assert.True(store.Contains(Inbox.Key(2, "RFC822.SIZE")));
    }

    [Fact]
    public async Task Evicts_least_recently_used_entries_above_the_budget()
    {
        var store = Open(maxSizeMB: 1);
        var body = new byte[300 * 1024];
        for (var uid = 1; uid <= 3; uid++)
        {
            Assert.True(await store.TryStoreAsync(Inbox.Key(uid, "BODY[]"), body));
        }

        Assert.NotNull(await ReadAsync(store, Inbox.Key(1, "BODY[]"))); // 1 is now the most recent
        Assert.True(await store.TryStoreAsync(Inbox.Key(4, "BODY[]"), body));

        Assert.False(store.Contains(Inbox.Key(2, "BODY[]")));
        Assert.True(store.Contains(Inbox.Key(1, "BODY[]")));
        Assert.True(store.Contains(Inbox.Key(3, "BODY[]")));
        Assert.True(store.Contains(Inbox.Key(4, "BODY[]")));
        Assert.True(store.TotalBytes <= store.MaxSizeBytes);
        Assert.Equal(1, store.GetStats().Evictions);
        Assert.Equal(3, EntryFiles(_dir.Path).Count());
    }

    [Fact]
    public async Task An_entry_larger_than_the_budget_is_not_stored()
    {
        var store = Open(maxSizeMB: 1);
        Assert.False(await store.TryStoreAsync(Inbox.Key(1, "BODY[]"), new byte[(1024 * 1024) + 1]));
        Assert.Empty(EntryFiles(_dir.Path));
        Assert.Equal(0, store.TotalBytes);
    }

    [Fact]
    public async Task A_new_store_on_the_same_folder_sees_the_entries_and_their_recency()
    {
        var first = Open(maxSizeMB: 1);
        var body = new byte[300 * 1024];
        for (var uid = 1; uid <= 3; uid++)
        {
            Assert.True(await first.TryStoreAsync(Inbox.Key(uid, "BODY[]"), body));
            File.SetLastWriteTimeUtc(EntryFiles(_dir.Path).Single(f => Path.GetFileName(f).StartsWith($"{uid}-", StringComparison.Ordinal)), new DateTime(2026, 1, uid, 0, 0, 0, DateTimeKind.Utc));
        }

        // A stray temporary file from a crash is cleaned up.
        var stray = EntryFiles(_dir.Path).First() + ".deadbeef.tmp";
        await File.WriteAllBytesAsync(stray, [1, 2, 3]);
        File.SetLastWriteTimeUtc(EntryFiles(_dir.Path).Single(f => Path.GetFileName(f).StartsWith("1-", StringComparison.Ordinal)), new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc));

        var second = Open(maxSizeMB: 1);
        Assert.False(File.Exists(stray));
        Assert.Equal(3 * (body.Length + 80L), second.TotalBytes);
        Assert.Equal(body, await ReadAsync(second, Inbox.Key(3, "BODY[]")));
        Assert.True(await second.TryStoreAsync(Inbox.Key(4, "BODY[]"), body));
        Assert.False(second.Contains(Inbox.Key(2, "BODY[]"))); // oldest on disk
        Assert.True(second.Contains(Inbox.Key(1, "BODY[]")));
    }

    [Fact]
    public async Task Users_are_isolated_and_paths_hold_no_user_text()
    {
        var store = Open();
        var bob = Inbox with { User = "bob" };
        var evil = Inbox with { User = "../../etc/passwd", Mailbox = "..\\..\\x" };
        Assert.True(await store.TryStoreAsync(Inbox.Key(1, "BODY[]"), "alice's"u8.ToArray()));
        Assert.True(await store.TryStoreAsync(evil.Key(1, "BODY[]"), "evil"u8.ToArray()));
        Assert.Null(await ReadAsync(store, bob.Key(1, "BODY[]")));
        Assert.Null(await ReadAsync(store, (Inbox with { UpstreamId = "cyrus" }).Key(1, "BODY[]")));
        Assert.Equal("evil"u8.ToArray(), await ReadAsync(store, evil.Key(1, "BODY[]")));
        foreach (var path in Directory.EnumerateFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(_dir.Path, path);
            Assert.DoesNotContain("alice", relative, StringComparison.Ordinal);
            Assert.DoesNotContain("INBOX", relative, StringComparison.Ordinal);
            Assert.DoesNotContain("..", relative, StringComparison.Ordinal);
        }

        Assert.Equal(2, Directory.GetDirectories(_dir.Path).Length);
    }

    [Fact]
    public async Task Directories_and_files_are_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // product code relies on the ACL of Cache:Directory there
        }

        var store = Open();
        Assert.True(await store.TryStoreAsync(Inbox.Key(1, "BODY[]"), "x"u8.ToArray()));
        foreach (var directory in Directory.EnumerateDirectories(_dir.Path, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        }

        foreach (var file in Directory.EnumerateFiles(_dir.Path, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task Concurrent_writers_of_one_entry_leave_one_whole_version()
    {
        var store = Open();
        var key = Inbox.Key(9, "BODY[]");
        var versions = Enumerable.Range(0, 8).Select(i => Encoding.ASCII.GetBytes(new string((char)('a' + i), 200_000))).ToArray();
        using var start = new Barrier(versions.Length);
        var results = await Task.WhenAll(versions.Select(v => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await store.TryStoreAsync(key, v);
        })));

        Assert.Contains(true, results);
        var read = await ReadAsync(store, key);
        Assert.NotNull(read);
        Assert.Contains(versions, v => v.AsSpan().SequenceEqual(read));
        Assert.Single(EntryFiles(_dir.Path));
        Assert.Equal(200_000 + 80L, store.TotalBytes);
    }

    [Fact]
    public async Task A_reader_keeps_its_version_while_a_writer_replaces_the_entry()
    {
        var store = Open();
        var key = Inbox.Key(9, "BODY[]");
        Assert.True(await store.TryStoreAsync(key, "first"u8.ToArray()));
        await using var entry = await store.TryOpenAsync(key);
        Assert.NotNull(entry);
        Assert.True(await store.TryStoreAsync(key, "second!"u8.ToArray()));
        using var copy = new MemoryStream();
        await entry.Content.CopyToAsync(copy);
        Assert.Equal("first"u8.ToArray(), copy.ToArray());
        Assert.Equal("second!"u8.ToArray(), await ReadAsync(store, key));
    }

    [Fact]
    public async Task Stats_per_user_and_clear_by_user()
    {
        var store = Open();
        var bob = Inbox with { User = "bob" };
        Assert.True(await store.TryStoreAsync(Inbox.Key(1, "BODY[]"), new byte[100]));
        Assert.True(await store.TryStoreAsync(Inbox.Key(2, "BODY[]"), new byte[100]));
        Assert.True(await store.TryStoreAsync(bob.Key(1, "BODY[]"), new byte[50]));

        var stats = store.GetStats();
        Assert.Equal(3, stats.Entries);
        Assert.Equal(250 + (3 * 80), stats.TotalBytes);
        Assert.Equal(
            [("dovecot", "alice", 360L, 2L), ("dovecot", "bob", 130L, 1L)],
            stats.Users.Select(u => (u.UpstreamId, u.User, u.Bytes, u.Entries)).Order());

        Assert.Equal(1, store.Clear("BOB"));
        Assert.False(store.Contains(bob.Key(1, "BODY[]")));
        Assert.True(store.Contains(Inbox.Key(1, "BODY[]")));
        Assert.Single(store.GetStats().Users);

        Assert.Equal(2, store.Clear());
        Assert.Equal(0, store.TotalBytes);
        Assert.Equal(["cleared"], Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName)); // the marker other stores watch
    }

    [Fact]
    public async Task A_broken_folder_degrades_to_miss_and_not_stored()
    {
        var store = Open();
        var key = Inbox.Key(1, "BODY[]");
        Assert.True(await store.TryStoreAsync(key, "x"u8.ToArray()));

        // The folder vanishes and a file takes its place: every path below it fails with an IOException.
        Directory.Delete(_dir.Path, recursive: true);
        await File.WriteAllBytesAsync(_dir.Path, [0]);
        try
        {
            var bob = Inbox with { User = "bob" };
            Assert.Null(store.BeginWrite(bob.Key(1, "BODY[]")));
            Assert.False(await store.TryStoreAsync(bob.Key(1, "BODY[]"), "y"u8.ToArray()));
            Assert.Null(await ReadAsync(store, key));
            Assert.Null(await ReadAsync(store, bob.Key(1, "BODY[]")));
            Assert.Equal(0, store.Clear());
            Assert.True(store.GetStats().Errors >= 2);
            Assert.NotNull(new MessageCacheStore(new MessageCacheOptions { Directory = _dir.Path }).GetStats());
        }
        finally
        {
            File.Delete(_dir.Path);
        }
    }

    [Fact]
    public async Task Two_store_instances_on_one_folder_see_each_others_entries()
    {
        var first = Open();
        var second = Open();
        var key = Inbox.Key(4, "ENVELOPE");
        Assert.True(await first.TryStoreAsync(key, "ENVELOPE NIL"u8.ToArray()));
        Assert.False(second.Contains(key)); // not in its index yet ...
        Assert.Equal("ENVELOPE NIL"u8.ToArray(), await ReadAsync(second, key)); // ... but found and verified on disk
        Assert.True(second.Contains(key));

        var renewed = Inbox with { UidValidity = 1 };
        second.SetUidValidity(renewed);
        Assert.Null(await ReadAsync(first, key));
        Assert.Equal(0, Open().Clear()); // a fresh scan finds nothing left
    }
}
