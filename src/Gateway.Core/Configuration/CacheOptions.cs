namespace Gateway.Core.Configuration;

/// <summary>The <c>Cache</c> section: the on-disk message cache.</summary>
public sealed class CacheOptions
{
    /// <summary><c>Cache:Enabled</c>: whether IMAP FETCH consults and fills the cache.</summary>
    public bool Enabled { get; set; } = true;

    public string Path { get; set; } = "cache";

    public int MaxSizeMB { get; set; } = 2048;

    /// <summary><c>Cache:Encrypt</c>: store entries AES-GCM encrypted with the key in <see cref="KeyFile"/>.</summary>
    public bool Encrypt { get; set; }

    /// <summary><c>Cache:KeyFile</c>: the 256-bit key, outside <see cref="Path"/>; generated (owner-only) when missing.</summary>
    public string? KeyFile { get; set; }
}
