namespace Gateway.Core.Cache;

/// <summary>The counters in <c>stats.json</c>: totals since <paramref name="Since"/>, last written at <paramref name="Saved"/>.</summary>
internal sealed record SavedCacheCounters(MessageCacheCounters Counters, DateTimeOffset Since, DateTimeOffset Saved);
