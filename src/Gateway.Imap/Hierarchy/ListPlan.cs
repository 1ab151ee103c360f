namespace Gateway.Imap.Hierarchy;

/// <summary>
/// How to answer one client LIST/LSUB: the server queries whose results together are a superset of what the client
/// pattern needs (every matching name and the whole sub-tree below it, so child attributes can be recomputed),
/// and the client-side filter. Feed every server reply line to a <see cref="ListCollector"/> made by <see cref="CreateCollector"/>.
/// </summary>
/// <param name="Map">The map the plan was made with.</param>
/// <param name="Filter">The client pattern (reference prepended, INBOX canonicalised) with delimiter <c>/</c>.</param>
/// <param name="Lsub">The client asked LSUB.</param>
/// <param name="Queries">The upstream commands to send, in order; empty when nothing can match.</param>
internal sealed record ListPlan(HierarchyMap Map, MailboxPattern Filter, bool Lsub, IReadOnlyList<ServerListQuery> Queries)
{
    /// <summary>
    /// The client sent an empty pattern (<c>LIST "" ""</c>): answer locally with
    /// <c>* LIST (\Noselect) "/" ""</c>, nothing goes upstream (RFC 3501 §6.3.8).
    /// </summary>
    public bool IsDelimiterQuery { get; init; }

    /// <summary>A collector for this plan's results.</summary>
    /// <param name="isSelectable">For LSUB: whether a client name is a selectable mailbox (from a recent LIST), to drop a wrong <c>\Noselect</c>.</param>
    public ListCollector CreateCollector(Func<string, bool>? isSelectable = null) => new(this, isSelectable);
}
