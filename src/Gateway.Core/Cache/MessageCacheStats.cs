namespace Gateway.Core.Cache;

/// <summary>A snapshot of the cache's counters (since the store was opened) and its contents on disk.</summary>
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
    IReadOnlyList<MessageCacheUserStats> Users);
