namespace Gateway.Imap.Hierarchy;

/// <summary>
/// Gathers the server's LIST/LSUB replies for one <see cref="ListPlan"/> and produces the client's lines:
/// names mapped, hidden ones dropped, duplicates merged, implied parents added, the client pattern applied,
/// and attributes made truthful for the client tree.
/// </summary>
/// <remarks>
/// Attribute rules: LIST gets <c>\HasChildren</c> or <c>\HasNoChildren</c> computed on the client tree (servers'
/// own are dropped: INBOX's children move on INBOX-prefixed servers); a parent the server did not list is
/// <c>\Noselect</c>. LSUB loses child attributes, and loses <c>\Noselect</c> on INBOX and on names the caller
/// says are selectable (Note: Courier-IMAP answers <c>LSUB</c> with <c>(\Noselect) "INBOX"</c>). A folder the
/// catalog knows as special-use gets its attribute on LIST and LSUB (Outlook 2013 reads LSUB; Courier has none).
/// </remarks>
internal sealed class ListCollector
{
    private const string HasChildren = "\\HasChildren";
    private const string HasNoChildren = "\\HasNoChildren";
    private const string Noselect = "\\Noselect";
    private const string Noinferiors = "\\Noinferiors";

    private readonly ListPlan _plan;
    private readonly Func<string, bool>? _isSelectable;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Creates a collector; usually through <see cref="ListPlan.CreateCollector"/>.</summary>
    public ListCollector(ListPlan plan, Func<string, bool>? isSelectable = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _plan = plan;
        _isSelectable = isSelectable;
    }

    /// <summary>Adds one server reply whose name is already decoded.</summary>
    public void Add(ServerListEntry entry) => Add(entry, undecodable: false);

    /// <summary>Adds one server reply with its wire (modified UTF-7) name; an undecodable name is kept as it is.</summary>
    public void AddWire(string serverWireName, IReadOnlyList<string> attributes)
    {
        ArgumentNullException.ThrowIfNull(serverWireName);
        var decoded = ModifiedUtf7.TryDecode(serverWireName, out var name, out _);
        Add(new ServerListEntry(decoded ? name! : serverWireName, attributes), undecodable: !decoded);
    }

    /// <summary>The client's lines, parents before children, INBOX first.</summary>
    public IReadOnlyList<ClientListEntry> Complete()
    {
        var all = new Dictionary<string, Entry>(_entries, StringComparer.Ordinal);
        foreach (var (name, entry) in _entries)
        {
            for (var slash = name.LastIndexOf(HierarchyMap.ClientDelimiter); slash > 0; slash = name.LastIndexOf(HierarchyMap.ClientDelimiter, slash - 1))
            {
                var parent = name[..slash];
                if (!all.ContainsKey(parent))
                {
                    all[parent] = new Entry([Noselect], SpecialUse.None, entry.Undecodable, Implied: true);
                }
            }
        }

        var children = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in all.Keys)
        {
            var slash = name.LastIndexOf(HierarchyMap.ClientDelimiter);
            if (slash > 0)
            {
                children.Add(name[..slash]);
            }
        }

        var result = new List<ClientListEntry>();
        foreach (var (name, entry) in all)
        {
            if (!_plan.Filter.Matches(name) || (_plan.Lsub && entry.Implied && !_plan.Filter.EndsWithPercent))
            {
                continue;
            }

            result.Add(new ClientListEntry(name, FixAttributes(name, entry, children.Contains(name)), entry.Undecodable));
        }

        result.Sort((a, b) => CompareNames(a.Name, b.Name));
        return result;
    }

    private void Add(ServerListEntry entry, bool undecodable)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!_plan.Map.TryToClient(entry.Name, out var client, out _))
        {
            return;
        }

        var role = _plan.Map.RoleOf(entry.Name);
        if (_entries.TryGetValue(client, out var existing))
        {
            var merged = existing.Attributes.Union(entry.Attributes, StringComparer.OrdinalIgnoreCase).ToList();
            _entries[client] = existing with { Attributes = merged, Role = existing.Role == SpecialUse.None ? role : existing.Role };
        }
        else
        {
            _entries[client] = new Entry(entry.Attributes.ToList(), role, undecodable, Implied: false);
        }
    }

    private List<string> FixAttributes(string name, Entry entry, bool hasChildren)
    {
        var attributes = entry.Attributes
            .Where(a => !string.Equals(a, HasChildren, StringComparison.OrdinalIgnoreCase) && !string.Equals(a, HasNoChildren, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (_plan.Lsub)
        {
            if (name == HierarchyMap.Inbox || (_isSelectable is not null && _isSelectable(name)))
            {
                attributes.RemoveAll(a => string.Equals(a, Noselect, StringComparison.OrdinalIgnoreCase));
            }
        }
        else if (hasChildren || !attributes.Contains(Noinferiors, StringComparer.OrdinalIgnoreCase))
        {
            attributes.Add(hasChildren ? HasChildren : HasNoChildren);
        }

        if (SpecialUseAttributes.ToAttribute(entry.Role) is { } roleAttribute && !attributes.Contains(roleAttribute, StringComparer.OrdinalIgnoreCase))
        {
            attributes.Add(roleAttribute);
        }

        return attributes;
    }

    // Level by level, ordinal, INBOX first: parents precede their children.
    private static int CompareNames(string a, string b)
    {
        if (a == b)
        {
            return 0;
        }

        var aInbox = a == HierarchyMap.Inbox || a.StartsWith(HierarchyMap.Inbox + HierarchyMap.ClientDelimiter, StringComparison.Ordinal);
        var bInbox = b == HierarchyMap.Inbox || b.StartsWith(HierarchyMap.Inbox + HierarchyMap.ClientDelimiter, StringComparison.Ordinal);
        if (aInbox != bInbox)
        {
            return aInbox ? -1 : 1;
        }

        var aLevels = a.Split(HierarchyMap.ClientDelimiter);
        var bLevels = b.Split(HierarchyMap.ClientDelimiter);
        for (var i = 0; i < Math.Min(aLevels.Length, bLevels.Length); i++)
        {
            var c = string.CompareOrdinal(aLevels[i], bLevels[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return aLevels.Length.CompareTo(bLevels.Length);
    }

    private sealed record Entry(List<string> Attributes, SpecialUse Role, bool Undecodable, bool Implied);
}
