using Gateway.Core.Cache;
using Gateway.Host.Commands;
using Gateway.Host.Configuration;

namespace Gateway.Host.Tests.Commands;

[Collection("Process environment")]
public sealed class CacheCommandTests : IDisposable
{
    private static readonly MessageCacheMailbox AliceInbox = new("imap.lab.test:143", "alice", "INBOX", 42);
    private static readonly MessageCacheMailbox BobInbox = AliceInbox with { User = "bob" };

    private readonly TempConfig _config = new("""{ "Cache": { "Path": "cache", "MaxSizeMB": 3 } }""");

    public void Dispose() => _config.Dispose();

    private string CachePath => Path.Combine(_config.Directory, "cache");

    private GatewayConfiguration Load() => GatewayConfiguration.Load(_config.Path, new Dictionary<string, string?>());

    /// <summary>Fills the cache as a running gateway would: alice 2 entries and a hit and a miss, bob 1 entry.</summary>
    private async Task FillAsync()
    {
        using var store = new MessageCacheStore(new MessageCacheOptions { Enabled = true, Directory = CachePath, MaxSizeMB = 3 });
        Assert.True(await store.TryStoreAsync(AliceInbox.Key(1, "BODY[]"), new byte[2000]));
        Assert.True(await store.TryStoreAsync(AliceInbox.Key(1, "ENVELOPE"), new byte[20]));
        Assert.True(await store.TryStoreAsync(BobInbox.Key(7, "BODY[]"), new byte[1000]));
        await using (var hit = await store.TryOpenAsync(AliceInbox.Key(1, "BODY[]")))
        {
            Assert.NotNull(hit);
        }

        Assert.Null(await store.TryOpenAsync(AliceInbox.Key(2, "BODY[]")));
    }

    private (int Exit, string Output, string Error) Run(Func<GatewayConfiguration, TextWriter, TextWriter, int> command)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = command(Load(), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Stats_PrintsEachUserTotalsBudgetAndTheSavedCounters()
    {
        await FillAsync();

        var (exit, output, error) = Run(CacheCommand.Stats);

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal($"cache {CachePath} (enabled)", lines[0]);
        Assert.Matches(@"^imap\.lab\.test:143 +alice +2 +2\.1 KB$", lines[2]);
        Assert.Matches(@"^imap\.lab\.test:143 +bob +1 +1\.1 KB$", lines[3]);
        Assert.Equal("total: 2 user(s), 3 entries, 3.2 KB of 3 MB (Cache:MaxSizeMB 3, 0.1% used)", lines[4]);
        Assert.Contains("hits 1  misses 1  hit rate 50%", output, StringComparison.Ordinal);
        Assert.Contains("bytes saved (served from the cache) 2000 (2 KB)  bytes stored 3020 (2.9 KB)", output, StringComparison.Ordinal);
        Assert.Contains("corrupt entries 0  evictions 0  errors 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_OfAnEmptyCache_SaysSoAndCreatesNothing()
    {
        var (exit, output, _) = Run(CacheCommand.Stats);

        Assert.Equal(0, exit);
        Assert.Contains("total: 0 user(s), 0 entries, 0 B of 3 MB", output, StringComparison.Ordinal);
        Assert.Contains("counters: none saved yet", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(CachePath));
    }

    [Fact]
    public async Task Clear_OneUser_RemovesOnlyTheirEntriesAndKeepsTheCounters()
    {
        await FillAsync();

        var (exit, output, error) = Run((c, o, e) => CacheCommand.Clear(c, "Bob", o, e));

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Equal($"removed 1 entries (1.1 KB) of user Bob (1 folder(s)) from {CachePath}\n", output);
        var stats = new MessageCacheFolder(CachePath).ReadStats();
        Assert.Equal(["alice"], stats.Users.Select(u => u.User));
        Assert.Equal(2, stats.Entries);
        Assert.Equal(1, stats.Hits);

        Assert.Equal("nothing cached for user bob in " + CachePath + "\n", Run((c, o, e) => CacheCommand.Clear(c, "bob", o, e)).Output);
    }

    [Fact]
    public async Task Clear_Everyone_LeavesNoEntries()
    {
        await FillAsync();

        var (exit, output, _) = Run((c, o, e) => CacheCommand.Clear(c, null, o, e));

        Assert.Equal(0, exit);
        Assert.StartsWith("removed 3 entries (3.2 KB) of every user (2 folder(s))", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(CachePath, "*.entry", SearchOption.AllDirectories));
        Assert.Contains("total: 0 user(s), 0 entries", Run(CacheCommand.Stats).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Clear_EmptyUserName_IsAUsageError()
    {
        var (exit, _, error) = Run((c, o, e) => CacheCommand.Clear(c, " ", o, e));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--user needs a login name", error, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidConfiguration_ExitsTwoAndNamesTheKey()
    {
        File.WriteAllText(_config.Path, """{ "Cache": { "MaxSizeMB": "lots" } }""");

        var (exit, _, error) = Run(CacheCommand.Stats);

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        Assert.Contains("Cache:MaxSizeMB: 'lots' is not allowed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandLine_ParsesCacheStatsAndClearWithUser()
    {
        var root = Program.BuildCommandLine(new Dictionary<string, string?>());

        Assert.Empty(root.Parse(["cache", "stats", "--config", _config.Path]).Errors);
        var clear = root.Parse(["cache", "clear", "--user", "alice", "--config", _config.Path]);
        Assert.Empty(clear.Errors);
        Assert.Equal("alice", clear.GetValue<string?>("--user"));
        Assert.NotEmpty(root.Parse(["cache", "clear", "--user"]).Errors);
    }
}
