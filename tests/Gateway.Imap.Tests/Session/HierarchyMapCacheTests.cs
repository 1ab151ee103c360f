using Gateway.Imap.Hierarchy;
using Gateway.Imap.Session;

namespace Gateway.Imap.Tests.Session;

public sealed class HierarchyMapCacheTests
{
    private static HierarchyMap NewMap() => new(new ServerView(new("INBOX.", '.'), new("user.", '.'), null, ServerKind.Cyrus));

    [Fact]
    public void The_same_discovery_gets_the_same_map_and_another_one_its_own()
    {
        var cache = new HierarchyMapCache();
        var built = 0;
        HierarchyMap Build()
        {
            built++;
            return NewMap();
        }

        var first = cache.GetOrAdd("* NAMESPACE ((\"INBOX.\" \".\")) NIL NIL\r\n", Build);
        var again = cache.GetOrAdd("* NAMESPACE ((\"INBOX.\" \".\")) NIL NIL\r\n", Build);
        var other = cache.GetOrAdd("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n", Build);

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.Equal(2, built);
    }

    [Fact]
    public void A_full_cache_starts_over_rather_than_growing()
    {
        var cache = new HierarchyMapCache();
        var first = cache.GetOrAdd("key 0", NewMap);
        for (var i = 1; i <= 1024; i++)
        {
            cache.GetOrAdd($"key {i}", NewMap);
        }

        Assert.NotSame(first, cache.GetOrAdd("key 0", NewMap));
    }
}
