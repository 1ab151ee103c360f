namespace Gateway.Core.Configuration;

/// <summary>The <c>Cache</c> section: the on-disk message cache.</summary>
public sealed class CacheOptions
{
    public string Path { get; set; } = "cache";

    public int MaxSizeMB { get; set; } = 2048;
}
