using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Tests.Hierarchy;

public static class HierarchyGen
{
    /// <summary>Arrays of <paramref name="min"/> to <paramref name="max"/> elements (ListOf().Where(count) would retry forever at large sizes).</summary>
    internal static Gen<T[]> UpTo<T>(this Gen<T> gen, int min, int max) => Gen.Choose(min, max).SelectMany(n => gen.ArrayOf(n));
}

/// <summary>Round trips of the hierarchy map on every test view.</summary>
public sealed class HierarchyMapProperties
{
    // Levels that are valid on every view: no '.', '/', and not INBOX, "user", the container or a namespace root.
    private static readonly Gen<string> SafeLevel =
        Gen.Elements("a", "b", "X", "é", "日历", "😀", " ", "-", "&", "_", "Ça", "x y", "%", "*")
            .UpTo(1, 3).Select(l => string.Concat(l));

    private static readonly Gen<string> AnyLevel =
        Gen.Frequency(
            (4, SafeLevel),
            (1, Gen.Elements("INBOX", "inbox", "Calendar", "tasks", "Other Users", "Shared Folders", "Inbox-Subfolders", "user", "shared", "#shared", "~x", "v1.2", "", "Sent Items")));

    private static readonly Gen<string> FirstLevel =
        Gen.Frequency((3, SafeLevel), (1, Gen.Elements("INBOX", "Inbox", "Other Users", "Shared Folders", "Calendar", "Notes")));

    private static Gen<string> Names(Gen<string> first, Gen<string> rest) =>
        first.Zip(rest.UpTo(0, 3), (f, r) => string.Join('/', new[] { f }.Concat(r)));

    private static Arbitrary<(string View, string Name)> ViewAnd(Gen<string> names) =>
        Gen.Elements(HierarchyTestViews.Names.ToArray()).Zip(names).ToArbitrary();

    [Property(MaxTest = 3000)]
    public Property ClientToServerToClient_IsTheIdentity_WheneverTheNameIsAccepted() =>
        Prop.ForAll(ViewAnd(Names(AnyLevel, AnyLevel)), input =>
        {
            var map = HierarchyTestViews.Map(input.View);
            if (!map.TryToServer(input.Name, out var server, out var reason))
            {
                return (reason.Length > 0).Label("no reason");
            }

            return (map.TryToClient(server, out var back, out var hidden) && back == HierarchyMap.Canonical(input.Name))
                .Label($"{input.View}: '{input.Name}' → '{server}' → '{back}' {hidden}");
        });

    [Property(MaxTest = 3000)]
    public Property EveryValidName_IsAccepted_OnEveryView() =>
        Prop.ForAll(Names(FirstLevel, SafeLevel).ToArbitrary(), name =>
        {
            var failures = new List<string>();
            foreach (var (viewName, view) in HierarchyTestViews.All)
            {
                var levels = name.Split('/');
                var namespaceRootWithoutMailbox =
                    levels.Length == 1
                    && ((levels[0] == "Shared Folders" && view.Shared is { RootName: null })
                        || (levels[0] == "Other Users" && view.OtherUsers is { RootName: null }));
                var legacyInboxChild = view.SpecialFoldersUnderInbox && !view.PersonalUnderInbox && levels.Length > 1
                    && string.Equals(levels[0], "INBOX", StringComparison.OrdinalIgnoreCase) && levels[1] is "Calendar" or "Notes";
                if (namespaceRootWithoutMailbox || legacyInboxChild)
                {
                    continue;
                }

                var map = new HierarchyMap(view);
                if (!map.TryToServer(name, out var server, out var reason))
                {
                    failures.Add($"{viewName}: {reason}");
                }
                else if (!map.TryToClient(server, out var back, out _) || back != HierarchyMap.Canonical(name))
                {
                    failures.Add($"{viewName}: '{server}' → '{back}'");
                }
            }

            return (failures.Count == 0).Label($"'{name}': {string.Join("; ", failures)}");
        });

    private static Gen<string> ServerNames(ServerView view)
    {
        var d = view.Delimiter;
        var heads = new List<string> { "", "INBOX" + d, view.Personal.Prefix, $"INBOX{d}Inbox-Subfolders{d}", $"INBOX{d}Calendar{d}" };
        heads.AddRange(new[] { view.OtherUsers?.Prefix, view.Shared?.Prefix }.OfType<string>());
        var levels = Gen.Elements("a", "b", "Calendar", "Tasks", "é", "x y", "Inbox-Subfolders", "INBOX", "Other Users", "a/b", "a.b", "");
        return Gen.Elements(heads.ToArray()).Zip(levels.UpTo(0, 3), (h, l) => h + string.Join(d, l))
            .Where(n => n.Length > 0);
    }

    [Property(MaxTest = 3000)]
    public Property ServerToClientToServer_ReachesTheSameFolder() =>
        Prop.ForAll(
            Gen.Elements(HierarchyTestViews.Names.ToArray()).SelectMany(v => ServerNames(HierarchyTestViews.All[v]).Select(n => (View: v, Name: n))).ToArbitrary(),
            input =>
            {
                var map = HierarchyTestViews.Map(input.View);
                if (!map.TryToClient(input.Name, out var client, out var hidden))
                {
                    return (hidden.Length > 0).Label("no reason");
                }

                return (map.TryToServer(client, out var server, out var reason) && server == input.Name)
                    .Label($"{input.View}: '{input.Name}' → '{client}' → '{server}' {reason}");
            });

    internal static Gen<string> ServerNamesFor(string view) => ServerNames(HierarchyTestViews.All[view]);
}
