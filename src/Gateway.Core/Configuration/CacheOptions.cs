namespace Gateway.Core.Configuration;

/// <summary>The <c>Cache</c> section: the on-disk message cache.</summary>
public sealed class CacheOptions
{
    /// <summary><c>Cache:Enabled</c>: whether IMAP FETCH consults and fills the cache.</summary>
    public bool Enabled { get; set; } = true;

    public string Path { get; set; } = "cache";

    public int MaxSizeMB { get; set; } = 2048;
}
