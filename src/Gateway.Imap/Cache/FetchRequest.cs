namespace Gateway.Imap.Cache;

/// <summary>A parsed <c>[UID] FETCH sequence-set items [modifiers]</c> command.</summary>
/// <param name="ItemListText">The item list exactly as written (macro, single item or parenthesised list).</param>
/// <param name="Modifiers">Text after the item list (<c>(CHANGEDSINCE 12)</c>, RFC 7162), or empty.</param>
internal sealed record FetchRequest(string Tag, bool IsUid, SequenceSet Set, string SetText, IReadOnlyList<FetchItem> Items, string ItemListText, string Modifiers)
{
    public bool AnyCacheable => Items.Any(i => i.IsCacheable);

    public bool SetsSeen => Items.Any(i => i.SetsSeen);

    public IEnumerable<FetchItem> CacheableItems => Items.Where(i => i.IsCacheable);

    public IEnumerable<FetchItem> UpstreamItems => Items.Where(i => !i.IsCacheable);

    /// <summary>Whether the client asked for UID (explicitly, or implicitly by UID FETCH).</summary>
    public bool WantsUid => IsUid || Items.Any(i => i.Name == "UID");

    public bool WantsFlags => Items.Any(i => i.Name == "FLAGS");

    /// <summary>
    /// The requested cacheable item an upstream answer item belongs to (to store a miss): matched on the response
    /// name, sections compared upper-case with single spaces. Null when it is not a cacheable item of this request.
    /// </summary>
    public FetchItem? CacheableItemFor(string responseName)
    {
        ArgumentNullException.ThrowIfNull(responseName);
        var normalized = string.Join(' ', responseName.ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return Items.FirstOrDefault(i => i.IsCacheable && i.ResponseName == normalized);
    }
}
