using System.CommandLine;
using System.Globalization;
using Gateway.Core.Cache;
using Gateway.Host.Configuration;

namespace Gateway.Host.Commands;

/// <summary>
/// <c>scogw cache stats | clear [--user U]</c>: the message cache for admins. It works on <c>Cache:Path</c> directly,
/// so it needs no running gateway and is safe beside one; the counters are those the service saves into the folder.
/// </summary>
internal static class CacheCommand
{
    public static Command Create(Func<ParseResult, GatewayConfiguration> load)
    {
        var cache = new Command("cache", "Show and clear the message cache (per-user copies of immutable IMAP message data).");

        var stats = new Command("stats", "Size and entries per user and in total against Cache:MaxSizeMB; hits, misses and bytes saved.");
        stats.SetAction(result => Stats(load(result), Console.Out, Console.Error));
        cache.Subcommands.Add(stats);

        var user = new Option<string?>("--user", "-u") { Description = "Only this login (every upstream, case-insensitive); everyone when omitted" };
        var clear = new Command("clear", "Delete the cached entries of one user, or of everyone; safe while the gateway runs.");
        clear.Options.Add(user);
        clear.SetAction(result => Clear(load(result), result.GetValue(user), Console.Out, Console.Error));
        cache.Subcommands.Add(clear);
        return cache;
    }

    public static int Stats(GatewayConfiguration configuration, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Folder(configuration, error) is not { } folder)
        {
            return ExitCodes.ConfigurationError;
        }

        MessageCacheStats stats;
        try
        {
            stats = folder.ReadStats();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cache stats: cannot read {folder.Root}: {e.Message}");
            return ExitCodes.Failed;
        }

        var cache = configuration.Options.Cache;
        output.WriteLine($"cache {folder.Root} ({(cache.Enabled ? "enabled" : "disabled")}{(cache.Encrypt ? ", encrypted" : "")})");
        if (stats.Users.Count > 0)
        {
            output.WriteLine($"{"upstream",-24} {"user",-24} {"entries",9} {"size",10}");
            foreach (var u in stats.Users)
            {
                output.WriteLine(Invariant($"{Shown(u.UpstreamId),-24} {Shown(u.User),-24} {u.Entries,9} {Size(u.Bytes),10}"));
            }
        }

        var budget = cache.MaxSizeMB * 1024L * 1024L;
        output.WriteLine(Invariant(
            $"total: {stats.Users.Count} user(s), {stats.Entries} entries, {Size(stats.TotalBytes)} of {Size(budget)} (Cache:MaxSizeMB {cache.MaxSizeMB}, {100.0 * stats.TotalBytes / budget:0.#}% used)"));

        if (stats.CountersSince is not { } since)
        {
            output.WriteLine("counters: none saved yet (the gateway saves them every few seconds while it runs, and when it stops)");
            return ExitCodes.Ok;
        }

        var lookups = stats.Hits + stats.Misses;
        output.WriteLine(Invariant($"counters since {since:yyyy-MM-dd HH:mm:ss}Z, saved {stats.CountersSaved:yyyy-MM-dd HH:mm:ss}Z:"));
        output.WriteLine(Invariant(
            $"  hits {stats.Hits}  misses {stats.Misses}  hit rate {(lookups == 0 ? "-" : (100.0 * stats.Hits / lookups).ToString("0.#", CultureInfo.InvariantCulture) + "%")}"));
        output.WriteLine(Invariant($"  bytes saved (served from the cache) {stats.BytesServed} ({Size(stats.BytesServed)})  bytes stored {stats.BytesStored} ({Size(stats.BytesStored)})"));
        output.WriteLine(Invariant($"  corrupt entries {stats.Corrupt}  evictions {stats.Evictions}  errors {stats.Errors}"));
        return ExitCodes.Ok;
    }

    public static int Clear(GatewayConfiguration configuration, string? user, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Folder(configuration, error) is not { } folder)
        {
            return ExitCodes.ConfigurationError;
        }

        if (user is not null && string.IsNullOrWhiteSpace(user))
        {
            error.WriteLine("cache clear: --user needs a login name");
            return ExitCodes.Usage;
        }

        MessageCacheClearResult result;
        try
        {
            result = folder.Clear(user?.Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cache clear: cannot clear {folder.Root}: {e.Message}");
            return ExitCodes.Failed;
        }

        foreach (var failure in result.Failures)
        {
            error.WriteLine($"cache clear: not removed completely: {failure}");
        }

        var whose = user is null ? "every user" : $"user {user.Trim()}";
        output.WriteLine(result.Users == 0
            ? $"nothing cached for {whose} in {folder.Root}"
            : Invariant($"removed {result.Entries} entries ({Size(result.Bytes)}) of {whose} ({result.Users} folder(s)) from {folder.Root}"));
        return result.Failures.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static MessageCacheFolder? Folder(GatewayConfiguration configuration, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(error);
        if (configuration.Errors.Count > 0)
        {
            CheckConfigCommand.ReportErrors(configuration, configuration.Errors, error);
            return null;
        }

        return new MessageCacheFolder(configuration.Options.Cache.Path);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Shown(string name) => name.Length == 0 ? "?" : name;

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => Invariant($"{bytes} B"),
        < 1024 * 1024 => Invariant($"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => Invariant($"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => Invariant($"{bytes / (1024.0 * 1024 * 1024):0.##} GB"),
    };
}
