namespace Gateway.Core.Cache;

/// <summary>What <see cref="MessageCacheFolder.Clear"/> removed, and the user folders it could not remove completely.</summary>
public sealed record MessageCacheClearResult(int Users, long Entries, long Bytes, IReadOnlyList<string> Failures);
