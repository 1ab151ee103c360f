using System.Text.Json;
using Gateway.Core.Cache;

namespace Gateway.Core.Tests.Cache;

/// <summary>Counters saved into <c>stats.json</c> and the folder view that <c>scogw cache stats | clear</c> uses.</summary>
public sealed class MessageCacheCountersTests : IDisposable
{
    private static readonly MessageCacheMailbox Inbox = new("dovecot", "alice", "INBOX", 1700000000);

    private readonly TempCacheDirectory _dir = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    private string StatsFile => Path.Combine(_dir.Path, "stats.json");

    private MessageCacheStore Open(long maxSizeMB = 16) =>
        new(new MessageCacheOptions { Enabled = true, Directory = _dir.Path, MaxSizeMB = maxSizeMB, CountersSaveInterval = TimeSpan.FromSeconds(7) }, _time);

    private static async Task HitAndMissAsync(MessageCacheStore store, MessageCacheKey key, byte[] body)
    {
        Assert.True(await store.TryStoreAsync(key, body));
        await using (var entry = await store.TryOpenAsync(key))
        {
            Assert.NotNull(entry);
        }

        Assert.Null(await store.TryOpenAsync(key with { Uid = key.Uid + 1000 }));
    }

    [Fact]
    public async Task The_tick_saves_the_counters_only_when_they_changed()
    {
        using var store = Open();
        Assert.Equal([TimeSpan.FromSeconds(7)], _time.Periods);
        _time.FireTimers();
        Assert.False(File.Exists(StatsFile)); // nothing counted yet, nothing written

        await HitAndMissAsync(store, Inbox.Key(1, "BODY[]"), new byte[300]);
        _time.FireTimers();
        var first = new MessageCacheFolder(_dir.Path).ReadStats();
        Assert.Equal((1L, 1L, 300L, 300L), (first.Hits, first.Misses, first.BytesServed, first.BytesStored));
        Assert.Equal(_time.Now, first.CountersSince);
        Assert.Equal(_time.Now, first.CountersSaved);

        var written = File.GetLastWriteTimeUtc(StatsFile);
        File.SetLastWriteTimeUtc(StatsFile, written.AddHours(-1));
        _time.Now += TimeSpan.FromSeconds(7);
        _time.FireTimers();
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(StatsFile)); // unchanged counters: not rewritten

        await HitAndMissAsync(store, Inbox.Key(2, "BODY[]"), new byte[20]);
        _time.FireTimers();
        var second = new MessageCacheFolder(_dir.Path).ReadStats();
        Assert.Equal((2L, 2L, 320L, 320L), (second.Hits, second.Misses, second.BytesServed, second.BytesStored));
        Assert.Equal(first.CountersSince, second.CountersSince);
        Assert.Equal(_time.Now, second.CountersSaved);
    }

    [Fact]
    public async Task Dispose_saves_and_stops_the_timer_and_stores_add_up_across_restarts()
    {
        var first = Open();
        await HitAndMissAsync(first, Inbox.Key(1, "BODY[]"), new byte[100]);
        first.Dispose();
        Assert.Empty(_time.Periods);
        first.Dispose();

        using (var second = Open())
        {
            Assert.Equal(0, second.GetStats().Hits); // GetStats counts this store only
            await HitAndMissAsync(second, Inbox.Key(2, "BODY[]"), new byte[50]);
            await using var entry = await second.TryOpenAsync(Inbox.Key(1, "BODY[]"));
            Assert.NotNull(entry);
        }

        var stats = new MessageCacheFolder(_dir.Path).ReadStats();
        Assert.Equal((3L, 2L, 250L, 150L), (stats.Hits, stats.Misses, stats.BytesServed, stats.BytesStored));
    }

    [Fact]
    public async Task Evictions_and_corrupt_entries_are_saved()
    {
        using (var store = Open(maxSizeMB: 1))
        {
            var key = Inbox.Key(1, "BODY[]");
            Assert.True(await store.TryStoreAsync(key, new byte[600 * 1024]));
            Assert.True(await store.TryStoreAsync(Inbox.Key(2, "BODY[]"), new byte[600 * 1024])); // evicts uid 1
            Assert.True(await store.TryStoreAsync(key, new byte[10]));
            var file = Directory.EnumerateFiles(_dir.Path, "1-*.entry", SearchOption.AllDirectories).Single();
            await File.AppendAllTextAsync(file, "junk");
            Assert.Null(await store.TryOpenAsync(key));
        }

        var stats = new MessageCacheFolder(_dir.Path).ReadStats();
        Assert.Equal(1, stats.Evictions);
        Assert.Equal(1, stats.Corrupt);
        Assert.Equal(1, stats.Misses);
    }

    [Fact]
    public async Task A_damaged_stats_file_counts_as_zero_and_is_replaced_whole()
    {
        await File.WriteAllTextAsync(StatsFile, "{\"hits\": 4");
        Assert.Null(new MessageCacheFolder(_dir.Path).ReadStats().CountersSince);

        using (var store = Open())
        {
            await HitAndMissAsync(store, Inbox.Key(1, "BODY[]"), new byte[1]);
        }

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(StatsFile));
        Assert.Equal(1, json.RootElement.GetProperty("hits").GetInt64());
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "*.tmp"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StatsFile));
        }
    }

    [Fact]
    public async Task A_failed_save_is_retried_with_the_increments_added_up()
    {
        using var store = Open();
        await HitAndMissAsync(store, Inbox.Key(1, "BODY[]"), new byte[10]);
        Directory.CreateDirectory(StatsFile); // a folder where the file should be: the rename fails
        _time.FireTimers();
        Assert.Equal(1, store.GetStats().Errors);

        Directory.Delete(StatsFile);
        _time.FireTimers();
        var stats = new MessageCacheFolder(_dir.Path).ReadStats();
        Assert.Equal((1L, 1L, 1L), (stats.Hits, stats.Misses, stats.Errors));
    }

    [Fact]
    public async Task Folder_stats_count_files_on_disk_per_user_sorted()
    {
        using var store = Open();
        var bob = Inbox with { User = "bob" };
        var other = Inbox with { UpstreamId = "cyrus", User = "alice" };
        Assert.True(await store.TryStoreAsync(bob.Key(1, "BODY[]"), new byte[100]));
        Assert.True(await store.TryStoreAsync(Inbox.Key(1, "BODY[]"), new byte[10]));
        Assert.True(await store.TryStoreAsync(Inbox.Key(2, "ENVELOPE"), new byte[20]));
        Assert.True(await store.TryStoreAsync(other.Key(1, "BODY[]"), new byte[30]));
        var temp = store.BeginWrite(Inbox.Key(3, "BODY[]")); // in flight: not counted
        Assert.NotNull(temp);
        await temp.WriteAsync(new byte[1000]);

        var stats = new MessageCacheFolder(_dir.Path).ReadStats();

        Assert.Equal(
            [("cyrus", "alice", 1L, 110L), ("dovecot", "alice", 2L, 190L), ("dovecot", "bob", 1L, 180L)],
            stats.Users.Select(u => (u.UpstreamId, u.User, u.Entries, u.Bytes)));
        Assert.Equal(4, stats.Entries);
        Assert.Equal(480, stats.TotalBytes);
        await temp.DisposeAsync();
    }

    [Fact]
    public void Folder_stats_of_a_missing_folder_are_empty_and_create_nothing()
    {
        var missing = Path.Combine(_dir.Path, "not-there");
        var stats = new MessageCacheFolder(missing).ReadStats();
        Assert.Empty(stats.Users);
        Assert.Null(stats.CountersSince);
        Assert.Equal(0, new MessageCacheFolder(missing).Clear().Users);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task Clearing_a_user_while_a_store_runs_turns_its_entries_into_misses_and_the_tick_forgets_them()
    {
        using var store = Open();
        var bob = Inbox with { User = "bob" };
        Assert.True(await store.TryStoreAsync(Inbox.Key(1, "BODY[]"), new byte[100]));
        Assert.True(await store.TryStoreAsync(bob.Key(1, "BODY[]"), new byte[40]));
        Assert.True(await store.TryStoreAsync(bob.Key(2, "BODY[]"), new byte[40]));
        await using var reading = await store.TryOpenAsync(bob.Key(2, "BODY[]"));
        Assert.NotNull(reading);

        var result = new MessageCacheFolder(_dir.Path).Clear("BOB");

        Assert.Equal((1, 2L, 240L), (result.Users, result.Entries, result.Bytes));
        Assert.Empty(result.Failures);
        using (var copy = new MemoryStream())
        {
            await reading.Content.CopyToAsync(copy); // an open reader keeps its data
            Assert.Equal(40, copy.Length);
        }

        Assert.True(store.Contains(bob.Key(1, "BODY[]"))); // the running index has not looked yet ...
        Assert.True(store.Contains(bob.Key(2, "BODY[]")));
        Assert.Null(await store.TryOpenAsync(bob.Key(1, "BODY[]"))); // ... but nothing of bob is served from disk
        _time.FireTimers(); // (a small entry read before the clear lives in memory until this tick)
        Assert.False(store.Contains(bob.Key(1, "BODY[]")));
        Assert.False(store.Contains(bob.Key(2, "BODY[]")));
        Assert.Null(await store.TryOpenAsync(bob.Key(2, "BODY[]")));
        Assert.True(store.Contains(Inbox.Key(1, "BODY[]")));
        Assert.Equal(180, store.TotalBytes);
        Assert.Equal(["alice"], new MessageCacheFolder(_dir.Path).ReadStats().Users.Select(u => u.User));

        Assert.True(await store.TryStoreAsync(bob.Key(3, "BODY[]"), new byte[5])); // bob caches again
        Assert.Equal(["alice", "bob"], new MessageCacheFolder(_dir.Path).ReadStats().Users.Select(u => u.User));

        var all = new MessageCacheFolder(_dir.Path).Clear();
        Assert.Equal((2, 2L), (all.Users, all.Entries));
        _time.FireTimers();
        Assert.Equal(0, store.TotalBytes);
        Assert.Empty(Directory.EnumerateDirectories(_dir.Path));
    }
}
