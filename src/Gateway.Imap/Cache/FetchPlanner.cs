using System.Text;

namespace Gateway.Imap.Cache;

/// <summary>Decides which messages a FETCH takes from the cache and what is asked upstream. Pure.</summary>
/// <remarks>
/// A message is a hit only when every cacheable item the client asked for is cached (a partial <c>BODY[sec]&lt;o.l&gt;</c>
/// also counts as cached when the whole <c>BODY[sec]</c> is, and an item with a <see cref="FetchItem.MessageSection"/>
/// when the whole message <c>BODY[]</c> is); a partly cached message is a miss (fetched whole, its items stored). UID FETCH is planned at once from the UIDs cached in the mailbox; a
/// sequence-number FETCH first sends <see cref="ProbeCommand"/> (UIDs and mutable items of the whole set) and is
/// then planned with <see cref="PlanSequence"/>. No EXPUNGE can arrive between these commands, because a server
/// does not send EXPUNGE during FETCH, STORE or SEARCH (RFC 9051 §7.5.1), so sequence numbers stay valid.
/// </remarks>
internal static class FetchPlanner
{
    /// <summary>Plans a UID FETCH. <paramref name="cachedUids"/>: UIDs with entries in this mailbox (store.ListUids).</summary>
    public static FetchPlan PlanUid(FetchRequest request, IEnumerable<long> cachedUids, Func<long, string, bool> isCached)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cachedUids);
        ArgumentNullException.ThrowIfNull(isCached);
        if (!request.IsUid)
        {
            throw new ArgumentException("Not a UID FETCH.", nameof(request));
        }

        if (!request.AnyCacheable)
        {
            return new FetchPlan([], null, null, Command(request, request.SetText, request.ItemListText));
        }

        var hits = cachedUids.Where(request.Set.Contains).Where(uid => IsHit(request, uid, isCached)).Distinct().Order().ToList();
        if (hits.Count == 0)
        {
            return new FetchPlan([], null, null, Command(request, request.SetText, request.ItemListText));
        }

        var hitSet = SequenceSet.Format(hits);
        var rest = request.Set.Except(hits);
        return new FetchPlan(
            hits,
            request.SetsSeen ? $"UID STORE {hitSet} +FLAGS (\\Seen)" : null,
            Command(request, hitSet, HitItems(request)),
            rest.Length == 0 ? null : Command(request, rest, request.ItemListText));
    }

    /// <summary>The first command of a sequence-number FETCH: UIDs and mutable items of the whole set.</summary>
    public static string ProbeCommand(FetchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Command(request, request.SetText, HitItems(request));
    }

    /// <summary>Plans a sequence-number FETCH from the probe's answers (sequence number → UID).</summary>
    public static FetchPlan PlanSequence(FetchRequest request, IEnumerable<(long Number, long Uid)> probed, Func<long, string, bool> isCached)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(probed);
        ArgumentNullException.ThrowIfNull(isCached);
        var hits = new List<long>();
        var misses = new List<long>();
        foreach (var (number, uid) in probed)
        {
            (IsHit(request, uid, isCached) ? hits : misses).Add(number);
        }

        return new FetchPlan(
            hits.Order().ToList(),
            request.SetsSeen && hits.Count > 0 ? $"STORE {SequenceSet.Format(hits)} +FLAGS (\\Seen)" : null,
            null,
            misses.Count == 0 ? null : Command(request, SequenceSet.Format(misses), request.ItemListText));
    }

    // Cached as asked, or cut from the cached whole section, or derivable from the cached whole message. A derivation
    // can still fail when the message is composed (unsure MIME structure): the relay then fetches it upstream.
    private static bool IsHit(FetchRequest request, long uid, Func<long, string, bool> isCached) =>
        request.CacheableItems.All(item =>
            isCached(uid, item.CacheKey!)
            || (item.WholeCacheKey is { } whole && isCached(uid, whole))
            || (item.MessageSection is not null && isCached(uid, FetchItem.WholeMessageKey)));

    // "(UID <non-cacheable items as written> [FLAGS])": FLAGS is added when \Seen may change, so the client sees it.
    private static string HitItems(FetchRequest request)
    {
        var text = new StringBuilder("(UID");
        foreach (var item in request.UpstreamItems)
        {
            if (item.Name != "UID")
            {
                text.Append(' ').Append(item.Text);
            }
        }

        if (request.SetsSeen && !request.WantsFlags)
        {
            text.Append(" FLAGS");
        }

        return text.Append(')').ToString();
    }

    private static string Command(FetchRequest request, string set, string items) =>
        $"{(request.IsUid ? "UID " : "")}FETCH {set} {items}{(request.Modifiers.Length > 0 ? " " + request.Modifiers : "")}";
}
