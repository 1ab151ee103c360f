namespace Gateway.Core.Cache;

/// <summary>Settings of the on-disk message cache (configuration section <c>Cache</c>).</summary>
public sealed record MessageCacheOptions
{
    /// <summary><c>Cache:Enabled</c>: whether the relay consults the cache at all.</summary>
    public bool Enabled { get; init; }

    /// <summary><c>Cache:Directory</c>: the root folder; one sub-folder per (upstream, user).</summary>
    public string Directory { get; init; } = "";

    /// <summary><c>Cache:MaxSizeMB</c>: the byte budget; least recently used entries are evicted above it.</summary>
    public long MaxSizeMB { get; init; } = 1024;

    /// <summary>
    /// The 256-bit key (from <c>Cache:KeyFile</c>, see <see cref="CacheKeyFile"/>) when <c>Cache:Encrypt</c> is on:
    /// entries are then written and accepted only AES-GCM encrypted. Null: plain entries.
    /// </summary>
    public byte[]? EncryptionKey { get; init; }

    /// <summary>How often the store adds its counters to <c>stats.json</c> (also on dispose), for <c>scogw cache stats</c>.</summary>
    public TimeSpan CountersSaveInterval { get; init; } = TimeSpan.FromSeconds(10);

    public long MaxSizeBytes => checked(MaxSizeMB * 1024 * 1024);
}
