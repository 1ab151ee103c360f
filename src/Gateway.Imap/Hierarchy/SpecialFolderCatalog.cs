namespace Gateway.Imap.Hierarchy;

/// <summary>
/// The server's special-use folders (Sent, Drafts, Trash, Junk, Archive) and the names that exist, learned from one
/// <c>LIST "" "*"</c> after login; found by attribute, or by name on servers without SPECIAL-USE.
/// </summary>
internal sealed class SpecialFolderCatalog
{
    private static readonly (SpecialUse Role, string[] Names)[] s_wellKnownNames =
    [
        (SpecialUse.Sent, ["Sent", "Sent Items", "Sent Messages", "Sent Mail"]),
        (SpecialUse.Drafts, ["Drafts"]),
        (SpecialUse.Trash, ["Trash", "Deleted Items", "Deleted Messages"]),
        (SpecialUse.Junk, ["Junk", "Spam", "Junk E-mail", "Junk Email"]),
        (SpecialUse.Archive, ["Archive"]),
    ];

    private readonly Dictionary<SpecialUse, string> _byRole;
    private readonly Dictionary<string, SpecialUse> _byName;
    private readonly HashSet<string> _names;

    private SpecialFolderCatalog(Dictionary<SpecialUse, string> byRole, HashSet<string> names)
    {
        _byRole = byRole;
        _names = names;
        _byName = byRole.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }

    /// <summary>A catalog that knows nothing: no aliases resolve, no attributes are added.</summary>
    public static SpecialFolderCatalog Empty { get; } = new([], new HashSet<string>(StringComparer.Ordinal));

    /// <summary>Every role with its server folder (decoded server names).</summary>
    public IReadOnlyDictionary<SpecialUse, string> Folders => _byRole;

    /// <summary>
    /// Learns the special folders from a LIST of the server's personal folders: a special-use attribute wins;
    /// a role with none is found by a well-known name directly under the personal prefix (ignoring case).
    /// </summary>
    public static SpecialFolderCatalog FromList(IEnumerable<ServerListEntry> entries, ServerView server)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(server);
        var byRole = new Dictionary<SpecialUse, string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = entries.ToList();
        foreach (var entry in list)
        {
            names.Add(entry.Name);
            var role = SpecialUseAttributes.FromAttributes(entry.Attributes);
            if (role != SpecialUse.None && !entry.Attributes.Any(IsNoselect))
            {
                byRole.TryAdd(role, entry.Name);
            }
        }

        var prefix = server.Personal.Prefix;
        foreach (var (role, candidates) in s_wellKnownNames)
        {
            if (byRole.ContainsKey(role))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                var match = list.FirstOrDefault(e =>
                    !e.Attributes.Any(IsNoselect)
                    && e.Name.Length == prefix.Length + candidate.Length
                    && e.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    && e.Name.EndsWith(candidate, StringComparison.OrdinalIgnoreCase));
                if (match is not null)
                {
                    byRole[role] = match.Name;
                    break;
                }
            }
        }

        return new SpecialFolderCatalog(byRole, names);
    }

    /// <summary>The server folder of <paramref name="role"/>, or null when the server has none.</summary>
    public string? FolderOf(SpecialUse role) => _byRole.GetValueOrDefault(role);

    /// <summary>The role of server folder <paramref name="serverName"/>, or <see cref="SpecialUse.None"/>.</summary>
    public SpecialUse RoleOf(string serverName) => _byName.GetValueOrDefault(serverName);

    /// <summary>Whether the LIST the catalog was built from contained <paramref name="serverName"/>.</summary>
    public bool Exists(string serverName) => _names.Contains(serverName);

    private static bool IsNoselect(string attribute) =>
        string.Equals(attribute, "\\Noselect", StringComparison.OrdinalIgnoreCase) || string.Equals(attribute, "\\NonExistent", StringComparison.OrdinalIgnoreCase);
}
