using Gateway.Core.Cache;

namespace Gateway.Core.Tests.Cache;

public sealed class CacheKeyFileTests : IDisposable
{
    private readonly TempCacheDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_missing_file_is_created_in_a_new_folder_and_read_back()
    {
        var path = Path.Combine(_dir.Path, "keys", "cache.key");

        var created = CacheKeyFile.LoadOrCreate(path);

        Assert.Equal(32, created.Length);
        Assert.Equal(created, CacheKeyFile.Load(path));
        Assert.Equal(created, CacheKeyFile.LoadOrCreate(path));
    }

    [Fact]
    public void Thirty_two_raw_bytes_are_a_key_too()
    {
        var path = Path.Combine(_dir.Path, "raw.key");
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(path, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead);
        }

        Assert.Equal(key, CacheKeyFile.LoadOrCreate(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void A_file_without_a_key_is_refused_and_left_alone(string text)
    {
        var path = Path.Combine(_dir.Path, "bad.key");
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Assert.Throws<InvalidDataException>(() => CacheKeyFile.LoadOrCreate(path));
        Assert.Equal(text, File.ReadAllText(path));
    }

    [Fact]
    public async Task Concurrent_first_starts_each_get_a_key_and_leave_one_whole_file()
    {
        var path = Path.Combine(_dir.Path, "race.key");
        using var start = new Barrier(8);

        // Dedicated threads: eight pool threads blocked on the barrier would wait for the pool to grow.
        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return CacheKeyFile.LoadOrCreate(path);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        Assert.All(keys, k => Assert.Equal(32, k.Length));
        Assert.Contains(CacheKeyFile.Load(path), keys);
        Assert.Single(Directory.EnumerateFiles(_dir.Path));
    }
}
