using System.Collections.Concurrent;
using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Session;

/// <summary>
/// Identical folder discoveries share one immutable <see cref="HierarchyMap"/>: the sessions of one user (Outlook
/// opens several) hold one copy of the server view and special-folder catalog instead of one each.
/// </summary>
/// <remarks>The key is everything the map is built from (profile, greeting, capabilities, the untagged answers to the
/// discovery commands), so a changed folder list makes a new map; the cache is emptied when it reaches its bound.</remarks>
internal sealed class HierarchyMapCache
{
    private const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, HierarchyMap> _maps = new(StringComparer.Ordinal);

    public HierarchyMap GetOrAdd(string discovery, Func<HierarchyMap> build)
    {
        if (_maps.TryGetValue(discovery, out var map))
        {
            return map;
        }

        map = build();
        if (_maps.Count >= MaxEntries)
        {
            _maps.Clear();
        }

        _maps.TryAdd(discovery, map);
        return map;
    }
}
