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

    /// <summary><c>Cache:Prefetch</c>: server-side mailbox names warmed in the background for users with a remembered password; empty = off.</summary>
    public IReadOnlyList<string> Prefetch { get; set; } = [];

    /// <summary><c>Cache:PrefetchMaxMessageKB</c>: larger messages are left for the client to fetch.</summary>
    public int PrefetchMaxMessageKB { get; set; } = 10240;

    /// <summary><c>Cache:PrefetchNewest</c>: at most this many of the newest messages per folder and run.</summary>
    public int PrefetchNewest { get; set; } = 200;

    /// <summary><c>Cache:PrefetchIntervalSeconds</c>: time between two runs for one user.</summary>
    public int PrefetchIntervalSeconds { get; set; } = 300;
}
