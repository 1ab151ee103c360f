namespace Gateway.Imap.Hierarchy;

/// <summary>Translates a client LIST/LSUB pattern into server queries (see <see cref="ListPlan"/>).</summary>
/// <remarks>
/// Every query is a literal server prefix followed by <c>*</c>, never <c>%</c>: <c>%</c> in the client view does not
/// correspond to <c>%</c> on the server once folders move (INBOX children, special folders, namespaces), and
/// the collector needs each matching folder's whole sub-tree to keep <c>\HasChildren</c> truthful.
/// The literal prefix comes from the client pattern's leading complete levels (<c>Projects/20*</c> → <c>INBOX.Projects.20*</c>);
/// a pattern whose first level has a wildcard is split by region (INBOX, personal root, other users, shared).
/// </remarks>
internal static class ListPlanner
{
    /// <summary>Plans the queries for a decoded client reference and pattern.</summary>
    public static ListPlan Plan(HierarchyMap map, string reference, string pattern, bool lsub)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(pattern);
        var full = HierarchyMap.Canonical(reference + pattern);
        var filter = new MailboxPattern(full, HierarchyMap.ClientDelimiter);
        if (pattern.Length == 0)
        {
            return new ListPlan(map, filter, lsub, []) { IsDelimiterQuery = true };
        }

        var queries = new List<(ServerListQuery Query, bool Separate)>();
        var wildcard = full.AsSpan().IndexOfAny('*', '%');
        var literal = wildcard < 0 ? full : full[..wildcard];
        var slash = literal.LastIndexOf(HierarchyMap.ClientDelimiter);
        var server = map.Server;
        var options = map.Options;
        if (slash >= 0)
        {
            var levels = literal[..slash].Split(HierarchyMap.ClientDelimiter);
            var partial = literal[(slash + 1)..];
            if (map.ServerPrefixUnder(levels, out var d) is { } prefix)
            {
                var inOtherUsers = server.OtherUsers is not null && levels[0] == options.OtherUsersRoot;
                Add(queries, lsub && !(inOtherUsers && options.AutoSubscribeShared), prefix + Narrow(partial, d) + "*", inOtherUsers && server.ListsOtherUsersSeparately);
            }
        }
        else
        {
            var d = server.Delimiter;
            if (filter.Matches(HierarchyMap.Inbox) || filter.CouldMatchStartingWith(HierarchyMap.Inbox + HierarchyMap.ClientDelimiter))
            {
                Add(queries, lsub, HierarchyMap.Inbox, false);
                Add(queries, lsub, map.ServerPrefixUnder([HierarchyMap.Inbox], out _)! + "*", false);
            }

            if (server.OtherUsers is { } o && Relevant(filter, options.OtherUsersRoot))
            {
                var asLsub = lsub && !options.AutoSubscribeShared;
                if (o.RootName is { } root)
                {
                    Add(queries, asLsub, root, server.ListsOtherUsersSeparately);
                }

                Add(queries, asLsub, o.Prefix + "*", server.ListsOtherUsersSeparately);
            }

            if (server.Shared is { } s && Relevant(filter, options.SharedRoot))
            {
                if (s.RootName is { } root)
                {
                    Add(queries, lsub, root, false);
                }

                Add(queries, lsub, s.Prefix + "*", false);
            }

            var exactReserved = wildcard < 0
                && (full == HierarchyMap.Inbox || (server.OtherUsers is not null && full == options.OtherUsersRoot) || (server.Shared is not null && full == options.SharedRoot));
            if (!exactReserved)
            {
                Add(queries, lsub, server.Personal.Prefix + Narrow(literal, d) + "*", false);
                if (server.SpecialFoldersUnderInbox && !server.PersonalUnderInbox
                    && options.SpecialFolders.Any(f => Relevant(filter, f) || string.Equals(f, literal, StringComparison.OrdinalIgnoreCase)))
                {
                    Add(queries, lsub, HierarchyMap.Inbox + d + Narrow(literal, d) + "*", false);
                }
            }
        }

        return new ListPlan(map, filter, lsub, Minimise(queries));
    }

    private static bool Relevant(MailboxPattern filter, string root) =>
        filter.Matches(root) || filter.CouldMatchStartingWith(root + HierarchyMap.ClientDelimiter);

    // A partial level narrows the server pattern only when it is the same text on the server.
    private static string Narrow(string partial, char d) =>
        d != '\0' && partial.Contains(d, StringComparison.Ordinal) ? "" : partial;

    private static void Add(List<(ServerListQuery, bool)> queries, bool lsub, string pattern, bool separate) =>
        queries.Add((new ServerListQuery(lsub, pattern), separate));

    // Drops a query another one already covers: "X*" covers every pattern starting with X, except that on servers
    // that list other users separately, a query outside that namespace never covers one inside it.
    private static List<ServerListQuery> Minimise(List<(ServerListQuery Query, bool Separate)> queries)
    {
        var result = new List<ServerListQuery>();
        for (var i = 0; i < queries.Count; i++)
        {
            var (query, separate) = queries[i];
            var covered = false;
            for (var j = 0; j < queries.Count && !covered; j++)
            {
                var (other, otherSeparate) = queries[j];
                if (i == j || other.Lsub != query.Lsub || separate != otherSeparate || !other.Pattern.EndsWith('*'))
                {
                    continue;
                }

                var head = other.Pattern[..^1];
                if (head.AsSpan().IndexOfAny('*', '%') >= 0 || !query.Pattern.StartsWith(head, StringComparison.Ordinal))
                {
                    continue;
                }

                // Equal patterns: keep the first only.
                covered = other.Pattern != query.Pattern || j < i;
            }

            if (!covered)
            {
                result.Add(query);
            }
        }

        return result;
    }
}
