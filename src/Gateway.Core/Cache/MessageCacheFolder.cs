namespace Gateway.Core.Cache;

/// <summary>
/// The cache folder as an admin tool sees it (<c>scogw cache stats | clear</c>), possibly while the service runs on
/// it: no index, nothing evicted or tidied, only the files on disk and the counters saved in <c>stats.json</c>.
/// </summary>
/// <remarks>
/// Clearing while the service runs is safe: the service opens every entry with delete sharing and verifies it, so a
/// removed entry is a miss there, an entry being written fails its rename and is simply not stored, and the
/// <c>cleared</c> marker written here makes the running store drop the removed entries from its index on its next
/// save tick.
/// </remarks>
public sealed class MessageCacheFolder
{
    public MessageCacheFolder(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Root = Path.GetFullPath(directory);
    }

    public string Root { get; }

    /// <summary>Sizes per (upstream, user) from the files on disk and the saved counters; IO errors are thrown.</summary>
    public MessageCacheStats ReadStats()
    {
        var users = new List<MessageCacheUserStats>();
        if (Directory.Exists(Root))
        {
            foreach (var directory in Directory.GetDirectories(Root, MessageCacheStore.UserDirectoryPrefix + "*"))
            {
                var (upstream, user) = MessageCacheStore.ReadOwner(directory);
                var (entries, bytes) = CountEntries(directory);
                users.Add(new MessageCacheUserStats(upstream, user, bytes, entries));
            }
        }

        users.Sort((a, b) => (string.CompareOrdinal(a.UpstreamId, b.UpstreamId), string.CompareOrdinal(a.User, b.User)) switch
        {
            (0, var byUser) => byUser,
            var (byUpstream, _) => byUpstream,
        });
        var saved = CacheCounterFile.TryRead(Root);
        var c = saved?.Counters ?? default;
        return new MessageCacheStats(c.Hits, c.Misses, c.BytesServed, c.BytesStored, c.Corrupt, c.Evictions, c.Errors,
            users.Sum(u => u.Bytes), users.Sum(u => u.Entries), users)
        {
            CountersSince = saved?.Since,
            CountersSaved = saved?.Saved,
        };
    }

    /// <summary>
    /// Deletes the entries of <paramref name="user"/> (case-insensitive, every upstream), or of everyone; the saved
    /// counters are kept. Enumeration errors are thrown; a user folder that cannot be removed completely is reported.
    /// </summary>
    public MessageCacheClearResult Clear(string? user = null)
    {
        var failures = new List<string>();
        int users = 0;
        long entries = 0, bytes = 0;
        if (!Directory.Exists(Root))
        {
            return new MessageCacheClearResult(0, 0, 0, failures);
        }

        foreach (var directory in Directory.GetDirectories(Root, MessageCacheStore.UserDirectoryPrefix + "*"))
        {
            var (upstream, owner) = MessageCacheStore.ReadOwner(directory);
            if (user is not null && !string.Equals(owner, user, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var (before, beforeBytes) = CountEntries(directory);
            string? failure = null;
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (MessageCacheStore.IsStorageFailure(e))
            {
                failure = e.Message;
            }

            var (after, afterBytes) = Directory.Exists(directory) ? CountEntries(directory) : (0, 0);
            if (failure is not null && Directory.Exists(directory))
            {
                failures.Add($"{upstream} {owner}: {after} entries left in {directory}: {failure}");
            }

            users++;
            entries += Math.Max(0, before - after);
            bytes += Math.Max(0, beforeBytes - afterBytes);
        }

        MessageCacheStore.WriteClearedMarker(Root);
        return new MessageCacheClearResult(users, entries, bytes, failures);
    }

    private static (long Entries, long Bytes) CountEntries(string directory)
    {
        long entries = 0, bytes = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        try
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*" + MessageCacheStore.EntryExtension, options))
            {
                entries++;
                bytes += file.Length;
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Removed meanwhile (a concurrent clear or UIDVALIDITY change): what was counted stands.
        }

        return (entries, bytes);
    }
}
