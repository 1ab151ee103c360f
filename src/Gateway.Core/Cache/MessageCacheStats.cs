namespace Gateway.Core.Cache;

/// <summary>
/// A snapshot of the cache's counters and its contents on disk. From <see cref="MessageCacheStore.GetStats"/> the
/// counters are those of this store since it was opened; from <see cref="MessageCacheFolder.ReadStats"/> they are the
/// saved totals of every store that ran on the folder.
/// </summary>
public sealed record MessageCacheStats(
    long Hits,
    long Misses,
    long BytesServed,
    long BytesStored,
    long Corrupt,
    long Evictions,
    long Errors,
    long TotalBytes,
    long Entries,
    IReadOnlyList<MessageCacheUserStats> Users)
{
    /// <summary>When the counters started: the store's opening, or the first save into <c>stats.json</c>; null when none were saved.</summary>
    public DateTimeOffset? CountersSince { get; init; }

    /// <summary>When the counters were last saved (<see cref="MessageCacheFolder.ReadStats"/> only).</summary>
    public DateTimeOffset? CountersSaved { get; init; }
}
