namespace Gateway.Core.Cache;

/// <summary>The store's event counters; a value, so a saved snapshot and a delta are the same shape.</summary>
internal readonly record struct MessageCacheCounters(long Hits, long Misses, long BytesServed, long BytesStored, long Corrupt, long Evictions, long Errors)
{
    public bool IsZero => this == default;

    public MessageCacheCounters Plus(in MessageCacheCounters other) => new(
        Hits + other.Hits, Misses + other.Misses, BytesServed + other.BytesServed, BytesStored + other.BytesStored,
        Corrupt + other.Corrupt, Evictions + other.Evictions, Errors + other.Errors);

    public MessageCacheCounters Minus(in MessageCacheCounters other) => new(
        Hits - other.Hits, Misses - other.Misses, BytesServed - other.BytesServed, BytesStored - other.BytesStored,
        Corrupt - other.Corrupt, Evictions - other.Evictions, Errors - other.Errors);
}
