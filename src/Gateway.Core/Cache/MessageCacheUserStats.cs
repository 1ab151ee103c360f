namespace Gateway.Core.Cache;

/// <summary>Size of one (upstream, user) directory.</summary>
public sealed record MessageCacheUserStats(string UpstreamId, string User, long Bytes, long Entries);
