using System.Diagnostics.CodeAnalysis;

namespace Gateway.Imap.Hierarchy;

/// <summary>
/// Maps mailbox names between the client view (delimiter <c>/</c>, INBOX and the special folders at the root,
/// <c>Other Users/&lt;user&gt;/...</c>, <c>Shared Folders/...</c>) and one server's view. Pure and immutable.
/// </summary>
/// <remarks>
/// Names are decoded (not modified UTF-7); the <c>*Wire</c> methods decode and encode around the mapping.
/// <see cref="TryToServer"/> only succeeds for a name that <see cref="TryToClient"/> maps back to the same
/// (canonical) client name, or for an alias, so a client never reaches a server folder it cannot see.
/// See README.md in this folder for the table per profile.
/// </remarks>
internal sealed class HierarchyMap
{
    /// <summary>The hierarchy delimiter of the client view.</summary>
    public const char ClientDelimiter = '/';

    /// <summary>The canonical spelling of INBOX.</summary>
    public const string Inbox = "INBOX";

    /// <summary>Creates the map for <paramref name="server"/>.</summary>
    public HierarchyMap(ServerView server, HierarchyOptions? options = null, SpecialFolderCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        Options = options ?? new HierarchyOptions();
        Catalog = catalog ?? SpecialFolderCatalog.Empty;
    }

    /// <summary>The server's shape.</summary>
    public ServerView Server { get; }

    /// <summary>The client view's settings.</summary>
    public HierarchyOptions Options { get; }

    /// <summary>The server's special-use folders, as far as known (resolves aliases and adds missing attributes).</summary>
    public SpecialFolderCatalog Catalog { get; }

    /// <summary>The same map with the server's special-use folders known.</summary>
    public HierarchyMap WithCatalog(SpecialFolderCatalog catalog) => new(Server, Options, catalog);

    /// <summary>The client's name in canonical form: a first level INBOX in any case becomes <c>INBOX</c>.</summary>
    public static string Canonical(string clientName)
    {
        ArgumentNullException.ThrowIfNull(clientName);
        return clientName.Length >= 5 && clientName.StartsWith(Inbox, StringComparison.OrdinalIgnoreCase)
            && (clientName.Length == 5 || clientName[5] == ClientDelimiter) && !clientName.StartsWith(Inbox, StringComparison.Ordinal)
            ? string.Concat(Inbox, clientName.AsSpan(5))
            : clientName;
    }

    /// <summary>Maps a decoded client name to the decoded server name; false with a readable reason when the server cannot hold it.</summary>
    public bool TryToServer(string clientName, [NotNullWhen(true)] out string? serverName, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(clientName);
        serverName = null;
        if (clientName.Length == 0)
        {
            reason = "the mailbox name is empty";
            return false;
        }

        var canonical = Canonical(clientName);
        var levels = canonical.Split(ClientDelimiter);
        if (Array.IndexOf(levels, "") >= 0)
        {
            reason = $"'{clientName}' has an empty level (a leading, trailing or doubled '/')";
            return false;
        }

        if (ResolveAlias(levels[0]) is { } aliasTarget)
        {
            if (!TryCheckLevels(levels.AsSpan(1), Server.Delimiter, clientName, out reason))
            {
                return false;
            }

            serverName = levels.Length == 1 ? aliasTarget : aliasTarget + Server.Delimiter + string.Join(Server.Delimiter, levels, 1, levels.Length - 1);
            return true;
        }

        if (!TryCompose(levels, clientName, out var candidate, out reason))
        {
            return false;
        }

        if (!TryToClient(candidate, out var back, out var hidden) || !string.Equals(back, canonical, StringComparison.Ordinal))
        {
            reason = hidden is not null
                ? $"'{clientName}' cannot be used on this server: its server name '{candidate}' is reserved ({hidden})"
                : $"'{clientName}' cannot be used on this server: its server name '{candidate}' is the client's '{back}'";
            return false;
        }

        serverName = candidate;
        return true;
    }

    /// <summary>Maps a decoded server name to the decoded client name; false (with why) when the client must not see it.</summary>
    public bool TryToClient(string serverName, [NotNullWhen(true)] out string? clientName, [NotNullWhen(false)] out string? hiddenReason)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        clientName = null;
        if (string.Equals(serverName, Inbox, StringComparison.OrdinalIgnoreCase))
        {
            clientName = Inbox;
            hiddenReason = null;
            return true;
        }

        if (Server.OtherUsers is { } otherUsers && TryUnder(otherUsers, serverName, Options.OtherUsersRoot, out clientName, out hiddenReason))
        {
            return clientName is not null;
        }

        if (Server.Shared is { Prefix.Length: > 0 } shared && TryUnder(shared, serverName, Options.SharedRoot, out clientName, out hiddenReason))
        {
            return clientName is not null;
        }

        var personal = Server.Personal;
        var d = personal.Delimiter;
        if (Server.PersonalUnderInbox)
        {
            if (serverName.Length > personal.Prefix.Length && serverName.StartsWith(personal.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                var levels = Split(serverName[personal.Prefix.Length..], d);
                if (levels[0] == Options.InboxChildrenContainer)
                {
                    return levels.Length == 1
                        ? Hide($"'{serverName}' is the reserved container for INBOX's sub-folders", out hiddenReason)
                        : Join(Inbox, levels.AsSpan(1), serverName, out clientName, out hiddenReason);
                }

                return CheckRoot(levels[0], serverName, out hiddenReason) && Join(null, levels, serverName, out clientName, out hiddenReason);
            }
        }
        else if (d != '\0' && serverName.Length > 6 && serverName[5] == d && serverName.StartsWith(Inbox, StringComparison.OrdinalIgnoreCase))
        {
            var levels = Split(serverName[6..], d);
            return Server.SpecialFoldersUnderInbox && IsSpecialFolder(levels[0])
                ? CheckRoot(levels[0], serverName, out hiddenReason) && Join(null, levels, serverName, out clientName, out hiddenReason)
                : Join(Inbox, levels, serverName, out clientName, out hiddenReason);
        }
        else if (serverName.StartsWith(personal.Prefix, StringComparison.Ordinal) && serverName.Length > personal.Prefix.Length)
        {
            var levels = Split(serverName[personal.Prefix.Length..], d);
            if (Server.SpecialFoldersUnderInbox && IsSpecialFolder(levels[0]))
            {
                return Hide($"on this server the client's '{levels[0]}' is '{Inbox}{d}{levels[0]}'", out hiddenReason);
            }

            return CheckRoot(levels[0], serverName, out hiddenReason) && Join(null, levels, serverName, out clientName, out hiddenReason);
        }

        if (Server.Shared is { Prefix.Length: 0 } rootShared && personal.Prefix.Length > 0)
        {
            return Join(Options.SharedRoot, Split(serverName, rootShared.Delimiter), serverName, out clientName, out hiddenReason);
        }

        return Hide($"'{serverName}' is outside every namespace the gateway shows", out hiddenReason);
    }

    /// <summary>The special-use role of a decoded server name, as far as the catalog knows.</summary>
    public SpecialUse RoleOf(string serverName) => Catalog.RoleOf(serverName);

    /// <summary>Whether <paramref name="clientName"/> is at the root and names one of the special folders (Calendar, ...).</summary>
    public bool IsSpecialFolder(string clientName) =>
        Options.SpecialFolders.Any(s => string.Equals(s, clientName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Maps a client name as sent on the wire (modified UTF-7) to the server's wire name. A name that is not valid
    /// modified UTF-7 is mapped as it is and sent as it is, so names a server stored oddly stay reachable.
    /// </summary>
    public bool TryToServerWire(string clientWireName, [NotNullWhen(true)] out string? serverWireName, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(clientWireName);
        var decoded = ModifiedUtf7.TryDecode(clientWireName, out var d, out _);
        if (!TryToServer(decoded ? d! : clientWireName, out var server, out reason))
        {
            serverWireName = null;
            return false;
        }

        serverWireName = decoded ? ModifiedUtf7.Encode(server) : server;
        return true;
    }

    /// <summary>Maps a server wire name to the client's wire name; undecodable names are mapped and sent as they are.</summary>
    public bool TryToClientWire(string serverWireName, [NotNullWhen(true)] out string? clientWireName, [NotNullWhen(false)] out string? hiddenReason)
    {
        ArgumentNullException.ThrowIfNull(serverWireName);
        var decoded = ModifiedUtf7.TryDecode(serverWireName, out var d, out _);
        if (!TryToClient(decoded ? d! : serverWireName, out var client, out hiddenReason))
        {
            clientWireName = null;
            return false;
        }

        clientWireName = decoded ? ModifiedUtf7.Encode(client) : client;
        return true;
    }

    /// <summary>Plans a client <c>LIST</c>/<c>LSUB</c> (decoded reference and pattern); see <see cref="ListPlan"/>.</summary>
    public ListPlan PlanList(string reference, string pattern, bool lsub) => ListPlanner.Plan(this, reference, pattern, lsub);

    /// <summary>The client view's NAMESPACE response (without CRLF), e.g. <c>* NAMESPACE (("" "/")) (("Other Users/" "/")) NIL</c>.</summary>
    public string ClientNamespaceResponse()
    {
        static string Group(string? prefix) =>
            prefix is null ? "NIL" : $"((\"{ModifiedUtf7.Encode(prefix).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\" \"{ClientDelimiter}\"))";

        return $"* NAMESPACE {Group("")} {Group(Server.OtherUsers is null ? null : Options.OtherUsersRoot + ClientDelimiter)} {Group(Server.Shared is null ? null : Options.SharedRoot + ClientDelimiter)}";
    }

    /// <summary>
    /// The server string every server name of the client sub-tree under <paramref name="clientLevels"/> starts with
    /// (for LIST narrowing), or null when no visible server name can lie there.
    /// </summary>
    internal string? ServerPrefixUnder(IReadOnlyList<string> clientLevels, out char delimiter)
    {
        delimiter = Server.Delimiter;
        if (clientLevels.Count == 0 || clientLevels.Any(l => l.Length == 0))
        {
            return null;
        }

        var first = clientLevels[0];
        var rest = clientLevels.Skip(1).ToArray();
        if (string.Equals(first, Inbox, StringComparison.OrdinalIgnoreCase))
        {
            if (Server.SpecialFoldersUnderInbox && !Server.PersonalUnderInbox && rest.Length > 0 && IsSpecialFolder(rest[0]))
            {
                return null;
            }

            var head = Server.PersonalUnderInbox ? Server.Personal.Prefix + Options.InboxChildrenContainer : Inbox;
            return Under(head + delimiter, rest, delimiter);
        }

        if (Server.OtherUsers is { } o && first == Options.OtherUsersRoot)
        {
            delimiter = o.Delimiter;
            return Under(o.Prefix, rest, delimiter);
        }

        if (Server.Shared is { } s && first == Options.SharedRoot)
        {
            delimiter = s.Delimiter;
            return Under(s.Prefix, rest, delimiter);
        }

        if (ResolveAlias(first) is not null)
        {
            // The client never sees names under an alias (they are listed under the real folder's name).
            return null;
        }

        var personalHead = Server.SpecialFoldersUnderInbox && !Server.PersonalUnderInbox && IsSpecialFolder(first)
            ? Inbox + delimiter
            : Server.Personal.Prefix;
        return Under(personalHead, clientLevels, delimiter);

        static string? Under(string head, IReadOnlyList<string> levels, char d) =>
            levels.Any(l => d != '\0' && l.Contains(d, StringComparison.Ordinal))
                ? null
                : head + string.Concat(levels.Select(l => l + d));
    }

    private string? ResolveAlias(string level)
    {
        foreach (var alias in Options.Aliases)
        {
            if (!string.Equals(alias.Name, level, StringComparison.OrdinalIgnoreCase) || Catalog.FolderOf(alias.Role) is not { } target)
            {
                continue;
            }

            // A real folder with the alias's own name keeps its name: the alias must not hide it.
            var natural = Server.PersonalUnderInbox || !Server.SpecialFoldersUnderInbox || !IsSpecialFolder(level)
                ? Server.Personal.Prefix + level
                : Inbox + Server.Delimiter + level;
            return Catalog.Exists(natural) && natural != target ? null : target;
        }

        return null;
    }

    private bool TryCompose(string[] levels, string clientName, [NotNullWhen(true)] out string? serverName, [NotNullWhen(false)] out string? reason)
    {
        serverName = null;
        var first = levels[0];
        var rest = levels.AsSpan(1);
        var d = Server.Delimiter;
        if (first == Inbox)
        {
            if (rest.Length == 0)
            {
                serverName = Inbox;
                reason = null;
                return true;
            }

            if (Server.SpecialFoldersUnderInbox && !Server.PersonalUnderInbox && IsSpecialFolder(rest[0]))
            {
                reason = $"'{clientName}' cannot be created on this server: '{Inbox}{d}{rest[0]}' holds the client's '{rest[0]}' folder";
                return false;
            }

            var head = Server.PersonalUnderInbox ? Server.Personal.Prefix + Options.InboxChildrenContainer + d : Inbox + d;
            return Append(head, rest, d, clientName, out serverName, out reason);
        }

        if (Server.OtherUsers is { } o && first == Options.OtherUsersRoot)
        {
            return Namespace(o, rest, clientName, out serverName, out reason);
        }

        if (Server.Shared is { } s && first == Options.SharedRoot)
        {
            return Namespace(s, rest, clientName, out serverName, out reason);
        }

        var personalHead = Server.SpecialFoldersUnderInbox && !Server.PersonalUnderInbox && IsSpecialFolder(first)
            ? Inbox + d
            : Server.Personal.Prefix;
        return Append(personalHead, levels, d, clientName, out serverName, out reason);

        static bool Namespace(ServerNamespace ns, ReadOnlySpan<string> rest, string clientName, [NotNullWhen(true)] out string? serverName, [NotNullWhen(false)] out string? reason)
        {
            if (rest.Length == 0)
            {
                serverName = ns.RootName;
                reason = serverName is null ? $"'{clientName}' is not a mailbox on this server" : null;
                return serverName is not null;
            }

            return Append(ns.Prefix, rest, ns.Delimiter, clientName, out serverName, out reason);
        }
    }

    private static bool Append(string head, ReadOnlySpan<string> levels, char d, string clientName, [NotNullWhen(true)] out string? serverName, [NotNullWhen(false)] out string? reason)
    {
        serverName = null;
        if (!TryCheckLevels(levels, d, clientName, out reason))
        {
            return false;
        }

        serverName = head + string.Join(d == '\0' ? "" : d.ToString(), levels.ToArray());
        return true;
    }

    private static bool TryCheckLevels(ReadOnlySpan<string> levels, char d, string clientName, [NotNullWhen(false)] out string? reason)
    {
        foreach (var level in levels)
        {
            if (d != '\0' && level.Contains(d, StringComparison.Ordinal))
            {
                reason = $"'{clientName}' cannot exist on this server: the folder name '{level}' contains '{d}', the server's hierarchy delimiter";
                return false;
            }
        }

        reason = null;
        return true;
    }

    private static bool TryUnder(ServerNamespace ns, string serverName, string clientRoot, out string? clientName, out string? hiddenReason)
    {
        clientName = null;
        hiddenReason = null;
        if (ns.RootName is { } root && serverName == root)
        {
            clientName = clientRoot;
            return true;
        }

        if (serverName.Length <= ns.Prefix.Length || !serverName.StartsWith(ns.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        Join(clientRoot, Split(serverName[ns.Prefix.Length..], ns.Delimiter), serverName, out clientName, out hiddenReason);
        return true;
    }

    private bool CheckRoot(string level, string serverName, [NotNullWhen(false)] out string? hiddenReason)
    {
        if (string.Equals(level, Inbox, StringComparison.OrdinalIgnoreCase)
            || (Server.OtherUsers is not null && level == Options.OtherUsersRoot)
            || (Server.Shared is not null && level == Options.SharedRoot))
        {
            hiddenReason = $"'{serverName}' would be the client's root '{level}', which the gateway reserves";
            return false;
        }

        hiddenReason = null;
        return true;
    }

    private static string[] Split(string rest, char d) => d == '\0' ? [rest] : rest.Split(d);

    private static bool Join(string? head, ReadOnlySpan<string> levels, string serverName, [NotNullWhen(true)] out string? clientName, [NotNullWhen(false)] out string? hiddenReason)
    {
        clientName = null;
        foreach (var level in levels)
        {
            if (level.Length == 0)
            {
                hiddenReason = $"'{serverName}' has an empty level";
                return false;
            }

            if (level.Contains(ClientDelimiter, StringComparison.Ordinal))
            {
                hiddenReason = $"'{serverName}' has a folder name containing '{ClientDelimiter}', the client's delimiter";
                return false;
            }
        }

        var joined = string.Join(ClientDelimiter, levels.ToArray());
        clientName = head is null ? joined : levels.Length == 0 ? head : head + ClientDelimiter + joined;
        hiddenReason = null;
        return true;
    }

    private static bool Hide(string reason, [NotNullWhen(false)] out string? hiddenReason)
    {
        hiddenReason = reason;
        return false;
    }
}
