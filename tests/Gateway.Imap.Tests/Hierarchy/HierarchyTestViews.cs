using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Tests.Hierarchy;

/// <summary>The server views the hierarchy tests run on, by name (xunit rows name them).</summary>
internal static class HierarchyTestViews
{
    public static readonly IReadOnlyDictionary<string, ServerView> All = new Dictionary<string, ServerView>
    {
        ["Dovecot"] = ServerView.Dovecot('/'),
        ["DovecotDot"] = ServerView.Dovecot('.') with { Shared = new ServerNamespace("Public.", '.') },
        ["DovecotCourierCompat"] = new ServerView(new("INBOX.", '.'), new("shared.", '.'), null, ServerKind.Dovecot) { HasSpecialUse = true },
        ["Cyrus"] = ServerView.Cyrus(),
        ["CyrusAlt"] = new ServerView(new("", '/'), new("Other Users/", '/'), new("Shared Folders/", '/'), ServerKind.Cyrus) { HasSpecialUse = true },
        ["Courier"] = ServerView.Courier(),
        ["ScoOfficeV1"] = ServerView.ScoOfficeV1('/'),
        ["ScoOfficeV1Dot"] = ServerView.ScoOfficeV1('.') with { OtherUsers = new ServerNamespace("shared.", '.') },
        ["ScoOfficeV1Cyrus"] = ServerView.Cyrus() with { SpecialFoldersUnderInbox = true },
        ["Tilde"] = new ServerView(new("", '/'), new("~", '/'), new("#public/", '/')),
    };

    public static IEnumerable<string> Names => All.Keys;

    public static TheoryData<string> NameData()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names)
        {
            data.Add(name);
        }

        return data;
    }

    public static HierarchyMap Map(string view, SpecialFolderCatalog? catalog = null, HierarchyOptions? options = null) =>
        new(All[view], options, catalog);
}
