using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Tests.Hierarchy;

/// <summary>
/// LIST/LSUB translation against a brute-force reference: generate a server tree, simulate the server answering the
/// planned queries, collect, and compare with mapping the whole tree and matching every client name with a regex.
/// </summary>
public sealed class ListPlanProperties
{
    internal sealed record Folder(string Name, bool Noselect, bool Subscribed);

    /// <summary>RFC 3501 wildcard match by regex: <c>*</c> is <c>.*</c>, <c>%</c> is "anything but the delimiter".</summary>
    internal static bool ReferenceMatch(string pattern, string name, char delimiter)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '%' => $"[^{Regex.Escape(delimiter.ToString())}]*",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return Regex.IsMatch(name, regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    // The server: LIST/LSUB return the folders (subscribed ones for LSUB) matching the pattern; a Courier-like
    // server leaves other users' folders out unless the pattern starts with that namespace's root.
    private static IEnumerable<ServerListEntry> Answer(ServerView view, IReadOnlyList<Folder> tree, ServerListQuery query)
    {
        foreach (var folder in tree)
        {
            if (query.Lsub && !folder.Subscribed)
            {
                continue;
            }

            if (view.ListsOtherUsersSeparately && view.OtherUsers is { } o
                && (folder.Name.StartsWith(o.Prefix, StringComparison.Ordinal) || folder.Name == o.RootName)
                && !query.Pattern.StartsWith(o.RootName ?? o.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (ReferenceMatch(query.Pattern, folder.Name, view.Delimiter))
            {
                yield return new ServerListEntry(folder.Name, folder.Noselect ? ["\\Noselect", "\\HasChildren"] : ["\\HasNoChildren"]);
            }
        }
    }

    private static readonly Gen<string> PatternToken =
        Gen.Elements("*", "%", "%", "INBOX", "inbox", "/", "Other Users", "Shared Folders", "a", "b", "Cal", "Calendar", "é", "x y", "Inb", "Oth", ".", "Tasks");

    private static Gen<(string Reference, string Pattern)> Patterns =>
        Gen.Elements("", "", "", "INBOX/", "Other Users/", "Shared Folders/", "a/")
            .Zip(PatternToken.UpTo(1, 5).Select(t => string.Concat(t)));

    private static Gen<Folder[]> Trees(string view) =>
        HierarchyMapProperties.ServerNamesFor(view)
            .Zip(Gen.Elements(false, false, false, true).Zip(Gen.Elements(true, false)), (n, f) => new Folder(n, f.Item1, f.Item2))
            .UpTo(0, 25)
            .Select(list => list.DistinctBy(f => f.Name).ToArray());

    private static Arbitrary<(string View, Folder[] Tree, (string Reference, string Pattern) Query, bool AutoSubscribe)> Cases =>
        Gen.Elements(HierarchyTestViews.Names.ToArray())
            .SelectMany(v => Trees(v).Zip(Patterns.Zip(Gen.Elements(true, false)), (t, pa) => (v, t, pa.Item1, pa.Item2)))
            .ToArbitrary();

    private static List<string> Run(HierarchyMap map, IReadOnlyList<Folder> tree, ListPlan plan)
    {
        var collector = plan.CreateCollector();
        foreach (var query in plan.Queries)
        {
            foreach (var entry in Answer(map.Server, tree, query))
            {
                collector.Add(entry);
            }
        }

        return collector.Complete().Select(e => Describe(e.Name, e.Attributes)).ToList();
    }

    private static string Describe(string name, IEnumerable<string> attributes) =>
        name + " (" + string.Join(' ', attributes.Where(a => a is "\\Noselect" or "\\HasChildren" or "\\HasNoChildren").Order(StringComparer.Ordinal)) + ")";

    private static Dictionary<string, bool> ClientTree(HierarchyMap map, IEnumerable<Folder> folders)
    {
        // client name → selectable (false for \Noselect and for parents nobody listed)
        var tree = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            if (map.TryToClient(folder.Name, out var client, out _))
            {
                tree[client] = !folder.Noselect;
            }
        }

        foreach (var name in tree.Keys.ToList())
        {
            for (var i = name.IndexOf('/', StringComparison.Ordinal); i > 0; i = name.IndexOf('/', i + 1))
            {
                tree.TryAdd(name[..i], false);
            }
        }

        return tree;
    }

    private static List<string> ExpectedList(HierarchyMap map, IReadOnlyList<Folder> folders, string pattern)
    {
        var tree = ClientTree(map, folders);
        return tree
            .Where(p => ReferenceMatch(pattern, p.Key, '/'))
            .Select(p =>
            {
                var children = tree.Keys.Any(k => k.StartsWith(p.Key + "/", StringComparison.Ordinal));
                return Describe(p.Key, (p.Value ? [] : new[] { "\\Noselect" }).Append(children ? "\\HasChildren" : "\\HasNoChildren"));
            })
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static List<string> ExpectedLsub(HierarchyMap map, IReadOnlyList<Folder> folders, string pattern, bool autoSubscribe)
    {
        var named = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            if (map.TryToClient(folder.Name, out var client, out _)
                && (folder.Subscribed || (autoSubscribe && map.Server.OtherUsers is not null && (client == map.Options.OtherUsersRoot || client.StartsWith(map.Options.OtherUsersRoot + "/", StringComparison.Ordinal)))))
            {
                named[client] = !folder.Noselect;
            }
        }

        var result = new List<string>();
        var implied = named.Keys
            .SelectMany(n => Enumerable.Range(0, n.Length).Where(i => n[i] == '/').Select(i => n[..i]))
            .Where(a => !named.ContainsKey(a))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (name, selectable) in named)
        {
            if (ReferenceMatch(pattern, name, '/'))
            {
                result.Add(Describe(name, selectable || name == "INBOX" ? [] : ["\\Noselect"]));
            }
        }

        if (pattern.EndsWith('%'))
        {
            result.AddRange(implied.Where(a => ReferenceMatch(pattern, a, '/')).Select(a => Describe(a, a == "INBOX" ? [] : ["\\Noselect"])));
        }

        return result.Order(StringComparer.Ordinal).ToList();
    }

    [Property(MaxTest = 2000)]
    public Property List_TranslationPlusFilter_EqualsBruteForce() =>
        Prop.ForAll(Cases, input =>
        {
            var map = HierarchyTestViews.Map(input.View);
            var plan = map.PlanList(input.Query.Reference, input.Query.Pattern, lsub: false);
            var actual = Run(map, input.Tree, plan).Order(StringComparer.Ordinal).ToList();
            var expected = ExpectedList(map, input.Tree, plan.Filter.Pattern);
            return actual.SequenceEqual(expected).Label(Explain(input.View, input.Tree, plan, expected, actual));
        });

    [Property(MaxTest = 2000)]
    public Property Lsub_TranslationPlusFilter_EqualsBruteForce() =>
        Prop.ForAll(Cases, input =>
        {
            var options = new HierarchyOptions { AutoSubscribeShared = input.AutoSubscribe };
            var map = new HierarchyMap(HierarchyTestViews.All[input.View], options);
            var plan = map.PlanList(input.Query.Reference, input.Query.Pattern, lsub: true);
            var actual = Run(map, input.Tree, plan).Order(StringComparer.Ordinal).ToList();
            var expected = ExpectedLsub(map, input.Tree, plan.Filter.Pattern, input.AutoSubscribe);
            return actual.SequenceEqual(expected).Label(Explain(input.View, input.Tree, plan, expected, actual));
        });

    private static string Explain(string view, IEnumerable<Folder> tree, ListPlan plan, List<string> expected, List<string> actual) =>
        $"{view} pattern '{plan.Filter.Pattern}' queries [{string.Join(", ", plan.Queries)}]\n"
        + $"tree: {string.Join(", ", tree.Select(f => $"{f.Name}{(f.Noselect ? "(ns)" : "")}{(f.Subscribed ? "(sub)" : "")}"))}\n"
        + $"expected: {string.Join(" | ", expected)}\nactual:   {string.Join(" | ", actual)}";
}
