using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Tests.Hierarchy;

public sealed class HierarchyMapTests
{
    // Client name ↔ server name, both directions, per profile (the table in src/Gateway.Imap/Hierarchy/README.md).
    [Theory]
    [InlineData("Dovecot", "INBOX", "INBOX")]
    [InlineData("Dovecot", "INBOX/Work", "INBOX/Work")]
    [InlineData("Dovecot", "Calendar", "Calendar")]
    [InlineData("Dovecot", "Projects/2024", "Projects/2024")]
    [InlineData("Dovecot", "v1.2", "v1.2")]
    [InlineData("Dovecot", "Calendário", "Calendário")]
    [InlineData("Dovecot", "Elementos enviados", "Elementos enviados")]
    [InlineData("Dovecot", "日历/子", "日历/子")]
    [InlineData("Dovecot", "Other Users", "shared")]
    [InlineData("Dovecot", "Other Users/carol", "shared/carol")]
    [InlineData("Dovecot", "Other Users/carol/Calendar", "shared/carol/Calendar")]
    [InlineData("DovecotDot", "Projects/2024", "Projects.2024")]
    [InlineData("DovecotDot", "INBOX/Work", "INBOX.Work")]
    [InlineData("DovecotDot", "Other Users/carol/Calendar", "shared.carol.Calendar")]
    [InlineData("DovecotDot", "Shared Folders/News", "Public.News")]
    [InlineData("DovecotDot", "Shared Folders", "Public")]
    [InlineData("DovecotCourierCompat", "Calendar", "INBOX.Calendar")]
    [InlineData("DovecotCourierCompat", "INBOX/Work", "INBOX.Inbox-Subfolders.Work")]
    [InlineData("DovecotCourierCompat", "Other Users/bob/Team", "shared.bob.Team")]
    [InlineData("Cyrus", "INBOX", "INBOX")]
    [InlineData("Cyrus", "Calendar", "INBOX.Calendar")]
    [InlineData("Cyrus", "Projects/2024", "INBOX.Projects.2024")]
    [InlineData("Cyrus", "INBOX/Work", "INBOX.Inbox-Subfolders.Work")]
    [InlineData("Cyrus", "INBOX/Work/Sub", "INBOX.Inbox-Subfolders.Work.Sub")]
    [InlineData("Cyrus", "INBOX/Inbox-Subfolders", "INBOX.Inbox-Subfolders.Inbox-Subfolders")]
    [InlineData("Cyrus", "Work", "INBOX.Work")]
    [InlineData("Cyrus", "Other Users", "user")]
    [InlineData("Cyrus", "Other Users/carol", "user.carol")]
    [InlineData("Cyrus", "Other Users/carol/Calendar", "user.carol.Calendar")]
    [InlineData("Cyrus", "Shared Folders/commandcrew", "commandcrew")]
    [InlineData("Cyrus", "Shared Folders/commandcrew/x", "commandcrew.x")]
    [InlineData("Cyrus", "Calendário", "INBOX.Calendário")]
    [InlineData("Cyrus", "日历", "INBOX.日历")]
    [InlineData("Cyrus", "a/b/c", "INBOX.a.b.c")]
    [InlineData("CyrusAlt", "Calendar", "Calendar")]
    [InlineData("CyrusAlt", "Other Users/spock/x", "Other Users/spock/x")]
    [InlineData("CyrusAlt", "Other Users", "Other Users")]
    [InlineData("CyrusAlt", "Shared Folders/commandcrew", "Shared Folders/commandcrew")]
    [InlineData("Courier", "INBOX", "INBOX")]
    [InlineData("Courier", "Calendar", "INBOX.Calendar")]
    [InlineData("Courier", "Sent", "INBOX.Sent")]
    [InlineData("Courier", "INBOX/Work", "INBOX.Inbox-Subfolders.Work")]
    [InlineData("Courier", "Other Users", "#shared")]
    [InlineData("Courier", "Other Users/carol", "#shared.carol")]
    [InlineData("Courier", "Other Users/carol/Calendar", "#shared.carol.Calendar")]
    [InlineData("Courier", "Shared Folders", "shared")]
    [InlineData("Courier", "Shared Folders/x", "shared.x")]
    [InlineData("Courier", "Elementos eliminados", "INBOX.Elementos eliminados")]
    [InlineData("ScoOfficeV1", "INBOX", "INBOX")]
    [InlineData("ScoOfficeV1", "Calendar", "INBOX/Calendar")]
    [InlineData("ScoOfficeV1", "Contacts", "INBOX/Contacts")]
    [InlineData("ScoOfficeV1", "Journal", "INBOX/Journal")]
    [InlineData("ScoOfficeV1", "Notes", "INBOX/Notes")]
    [InlineData("ScoOfficeV1", "Tasks", "INBOX/Tasks")]
    [InlineData("ScoOfficeV1", "calendar", "INBOX/calendar")]
    [InlineData("ScoOfficeV1", "Calendar/Holidays", "INBOX/Calendar/Holidays")]
    [InlineData("ScoOfficeV1", "Work", "Work")]
    [InlineData("ScoOfficeV1", "INBOX/Work", "INBOX/Work")]
    [InlineData("ScoOfficeV1", "Calendars", "Calendars")]
    [InlineData("ScoOfficeV1Dot", "Calendar", "INBOX.Calendar")]
    [InlineData("ScoOfficeV1Dot", "Work/x", "Work.x")]
    [InlineData("ScoOfficeV1Dot", "Other Users/bob/Calendar", "shared.bob.Calendar")]
    [InlineData("ScoOfficeV1Cyrus", "Calendar", "INBOX.Calendar")]
    [InlineData("ScoOfficeV1Cyrus", "INBOX/Calendar", "INBOX.Inbox-Subfolders.Calendar")]
    [InlineData("Tilde", "Other Users/peter/mail", "~peter/mail")]
    [InlineData("Tilde", "Other Users", "~")]
    [InlineData("Tilde", "Shared Folders/x", "#public/x")]
    [InlineData("Tilde", "Shared Folders", "#public")]
    public void Maps_BothWays(string view, string client, string server)
    {
        var map = HierarchyTestViews.Map(view);
        Assert.True(map.TryToServer(client, out var s, out var reason), reason);
        Assert.Equal(server, s);
        Assert.True(map.TryToClient(server, out var c, out var hidden), hidden);
        Assert.Equal(client, c);
    }

    [Theory]
    [InlineData("Dovecot", "inbox", "INBOX")]
    [InlineData("Dovecot", "Inbox/Work", "INBOX/Work")]
    [InlineData("Cyrus", "inbox", "INBOX")]
    [InlineData("Cyrus", "iNbOx/Work", "INBOX.Inbox-Subfolders.Work")]
    [InlineData("Courier", "Inbox/a/b", "INBOX.Inbox-Subfolders.a.b")]
    [InlineData("ScoOfficeV1", "inbox/x", "INBOX/x")]
    public void ToServer_TreatsInboxCaseInsensitively(string view, string client, string server)
    {
        Assert.True(HierarchyTestViews.Map(view).TryToServer(client, out var s, out var reason), reason);
        Assert.Equal(server, s);
    }

    [Theory]
    [InlineData("Dovecot", "inbox", "INBOX")]
    [InlineData("Dovecot", "Inbox/Work", "INBOX/Work")]
    [InlineData("Cyrus", "inbox.Calendar", "Calendar")]
    [InlineData("Cyrus", "Inbox.Inbox-Subfolders.x", "INBOX/x")]
    [InlineData("ScoOfficeV1", "inbox/Calendar", "Calendar")]
    public void ToClient_TreatsInboxCaseInsensitively(string view, string server, string client)
    {
        Assert.True(HierarchyTestViews.Map(view).TryToClient(server, out var c, out var hidden), hidden);
        Assert.Equal(client, c);
    }

    [Theory]
    [InlineData("Dovecot", "", "empty")]
    [InlineData("Dovecot", "a//b", "empty level")]
    [InlineData("Dovecot", "/a", "empty level")]
    [InlineData("Dovecot", "a/", "empty level")]
    [InlineData("Dovecot", "Other Users/carol/", "empty level")]
    [InlineData("DovecotDot", "v1.2", "'v1.2' contains '.'")]
    [InlineData("Cyrus", "v1.2", "'v1.2' contains '.', the server's hierarchy delimiter")]
    [InlineData("Cyrus", "INBOX/a.b", "contains '.'")]
    [InlineData("Cyrus", "Other Users/john.doe", "contains '.'")]
    [InlineData("Cyrus", "Inbox-Subfolders", "reserved")]
    [InlineData("Cyrus", "Inbox-Subfolders/x", "is the client's 'INBOX/x'")]
    [InlineData("Cyrus", "Shared Folders", "not a mailbox")]
    [InlineData("Cyrus", "Shared Folders/INBOX", "is the client's 'INBOX'")]
    [InlineData("Cyrus", "Shared Folders/user", "is the client's 'Other Users'")]
    [InlineData("Courier", "Projects/v1.2", "contains '.'")]
    [InlineData("Courier", "Inbox-Subfolders", "reserved")]
    [InlineData("ScoOfficeV1", "INBOX/Calendar", "holds the client's 'Calendar' folder")]
    [InlineData("ScoOfficeV1", "INBOX/tasks/x", "holds the client's 'tasks' folder")]
    [InlineData("ScoOfficeV1Cyrus", "Inbox-Subfolders", "reserved")]
    public void ToServer_RefusesUnmappableNames_WithAReason(string view, string client, string reason)
    {
        Assert.False(HierarchyTestViews.Map(view).TryToServer(client, out var server, out var error));
        Assert.Null(server);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cyrus", "INBOX.Inbox-Subfolders", "reserved container")]
    [InlineData("Courier", "INBOX.Inbox-Subfolders", "reserved container")]
    [InlineData("Cyrus", "INBOX.a/b", "containing '/'")]
    [InlineData("Cyrus", "INBOX..x", "empty level")]
    [InlineData("Cyrus", "INBOX.INBOX", "reserves")]
    [InlineData("Cyrus", "INBOX.Other Users", "reserves")]
    [InlineData("Courier", "Trash", "outside every namespace")]
    [InlineData("Courier", "INBOX.", "outside every namespace")]
    [InlineData("Dovecot", "Other Users", "reserves")]
    [InlineData("Dovecot", "Shared Folders", "")]
    [InlineData("ScoOfficeV1", "Calendar", "the client's 'Calendar' is 'INBOX/Calendar'")]
    [InlineData("ScoOfficeV1", "Calendar/x", "the client's 'Calendar' is 'INBOX/Calendar'")]
    public void ToClient_HidesNamesTheClientMustNotSee(string view, string server, string reason)
    {
        var map = HierarchyTestViews.Map(view);
        if (reason.Length == 0)
        {
            // Dovecot has no shared namespace here: a personal folder called "Shared Folders" is an ordinary folder.
            Assert.True(map.TryToClient(server, out var shown, out _));
            Assert.Equal(server, shown);
            return;
        }

        Assert.False(map.TryToClient(server, out var client, out var hidden));
        Assert.Null(client);
        Assert.Contains(reason, hidden, StringComparison.Ordinal);
    }

    private static SpecialFolderCatalog Catalog(ServerView view, params (string Name, string[] Attributes)[] list) =>
        SpecialFolderCatalog.FromList(list.Select(e => new ServerListEntry(e.Name, e.Attributes)), view);

    [Theory]
    [InlineData("Sent Items", "INBOX.Sent")]
    [InlineData("sent items", "INBOX.Sent")]
    [InlineData("Elementos enviados", "INBOX.Sent")]
    [InlineData("Deleted Items", "INBOX.Trash")]
    [InlineData("Elementos eliminados", "INBOX.Trash")]
    [InlineData("Drafts", "INBOX.Drafts")]
    [InlineData("Borradores", "INBOX.Drafts")]
    [InlineData("Sent Items/2023", "INBOX.Sent.2023")]
    [InlineData("Junk E-mail", "INBOX.Junk E-mail")]
    public void Aliases_ResolveToTheServersSpecialUseFolders(string client, string server)
    {
        var view = ServerView.Cyrus();
        var catalog = Catalog(view, ("INBOX", []), ("INBOX.Sent", ["\\HasNoChildren", "\\Sent"]), ("INBOX.Trash", ["\\Trash"]), ("INBOX.Drafts", ["\\Drafts"]));
        var map = new HierarchyMap(view, null, catalog);
        Assert.True(map.TryToServer(client, out var s, out var reason), reason);
        Assert.Equal(server, s);
    }

    [Fact]
    public void Aliases_OnCourier_FindSpecialFoldersByName()
    {
        var view = ServerView.Courier();
        var catalog = Catalog(view, ("INBOX", ["\\Marked", "\\HasChildren"]), ("INBOX.Sent", ["\\HasNoChildren"]), ("INBOX.Trash", []), ("INBOX.Drafts", []), ("INBOX.Calendar", []));
        var map = new HierarchyMap(view, null, catalog);
        Assert.True(map.TryToServer("Elementos enviados", out var sent, out _));
        Assert.Equal("INBOX.Sent", sent);
        Assert.True(map.TryToServer("Deleted Items", out var trash, out _));
        Assert.Equal("INBOX.Trash", trash);
        Assert.Equal(SpecialUse.Sent, map.RoleOf("INBOX.Sent"));
        Assert.Equal(SpecialUse.None, map.RoleOf("INBOX.Calendar"));
        Assert.True(map.TryToClient("INBOX.Sent", out var client, out _));
        Assert.Equal("Sent", client);
    }

    [Fact]
    public void Aliases_OnDovecot_AndScoOffice()
    {
        var dovecot = ServerView.Dovecot();
        var map = new HierarchyMap(dovecot, null, Catalog(dovecot, ("Sent", ["\\Sent"]), ("Trash", ["\\Trash"])));
        Assert.True(map.TryToServer("Sent Items", out var s, out _));
        Assert.Equal("Sent", s);
        var sco = ServerView.ScoOfficeV1();
        map = new HierarchyMap(sco, null, Catalog(sco, ("Sent Messages", []), ("INBOX/Calendar", [])));
        Assert.True(map.TryToServer("Elementos enviados", out s, out _));
        Assert.Equal("Sent Messages", s);
    }

    [Fact]
    public void Alias_DoesNotHideARealFolderOfTheSameName()
    {
        var view = ServerView.Cyrus();
        var catalog = Catalog(view, ("INBOX.Sent", ["\\Sent"]), ("INBOX.Sent Items", []));
        var map = new HierarchyMap(view, null, catalog);
        Assert.True(map.TryToServer("Sent Items", out var s, out _));
        Assert.Equal("INBOX.Sent Items", s);
        Assert.True(map.TryToServer("Elementos enviados", out s, out _));
        Assert.Equal("INBOX.Sent", s);
    }

    [Fact]
    public void Alias_WithoutAKnownSpecialFolder_IsAnOrdinaryName()
    {
        Assert.True(HierarchyTestViews.Map("Cyrus").TryToServer("Sent Items", out var s, out _));
        Assert.Equal("INBOX.Sent Items", s);
    }

    [Fact]
    public void Aliases_AreConfigurable()
    {
        var view = ServerView.Dovecot();
        var options = new HierarchyOptions { Aliases = [new FolderAlias("Gesendete Elemente", SpecialUse.Sent)] };
        var map = new HierarchyMap(view, options, Catalog(view, ("Sent", ["\\Sent"])));
        Assert.True(map.TryToServer("Gesendete Elemente", out var s, out _));
        Assert.Equal("Sent", s);
        Assert.True(map.TryToServer("Sent Items", out s, out _));
        Assert.Equal("Sent Items", s);
    }

    [Fact]
    public void Options_RenameTheClientRootsAndTheContainer()
    {
        var options = new HierarchyOptions { OtherUsersRoot = "Otros usuarios", SharedRoot = "Carpetas compartidas", InboxChildrenContainer = "ibx_sub" };
        var map = new HierarchyMap(ServerView.Cyrus(), options);
        Assert.True(map.TryToServer("Otros usuarios/carol/Calendar", out var s, out _));
        Assert.Equal("user.carol.Calendar", s);
        Assert.True(map.TryToServer("INBOX/Work", out s, out _));
        Assert.Equal("INBOX.ibx_sub.Work", s);
        Assert.True(map.TryToClient("commandcrew", out var c, out _));
        Assert.Equal("Carpetas compartidas/commandcrew", c);
        Assert.True(map.TryToServer("Other Users", out s, out _));
        Assert.Equal("INBOX.Other Users", s);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Options_Validate_NamesEveryBadSetting()
    {
        var options = new HierarchyOptions
        {
            OtherUsersRoot = "a/b",
            SharedRoot = "",
            InboxChildrenContainer = "x*",
            Aliases = [new FolderAlias("Sent Items", SpecialUse.None)],
        };
        var errors = options.Validate();
        Assert.Contains(errors, e => e.StartsWith("OtherUsersRoot", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SharedRoot", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("InboxChildrenContainer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Aliases", StringComparison.Ordinal));
        Assert.Contains(new HierarchyOptions { SharedRoot = "inbox" }.Validate(), e => e.Contains("INBOX", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Cyrus", "Calend&AOE-rio", "INBOX.Calend&AOE-rio")]
    [InlineData("Cyrus", "&ZeVThg-/&AOk-", "INBOX.&ZeVThg-.&AOk-")]
    [InlineData("Cyrus", "a&-b", "INBOX.a&-b")]
    [InlineData("Cyrus", "&Jjo", "INBOX.&Jjo")]
    [InlineData("Dovecot", "Other Users/&AOk-", "shared/&AOk-")]
    public void WireNames_AreDecodedMappedAndEncoded(string view, string clientWire, string serverWire)
    {
        var map = HierarchyTestViews.Map(view);
        Assert.True(map.TryToServerWire(clientWire, out var s, out var reason), reason);
        Assert.Equal(serverWire, s);
        Assert.True(map.TryToClientWire(serverWire, out var c, out var hidden), hidden);
        Assert.Equal(clientWire, c);
    }

    [Fact]
    public void ClientNamespaceResponse_ShowsTheClientView()
    {
        Assert.Equal("* NAMESPACE ((\"\" \"/\")) ((\"Other Users/\" \"/\")) ((\"Shared Folders/\" \"/\"))", HierarchyTestViews.Map("Cyrus").ClientNamespaceResponse());
        Assert.Equal("* NAMESPACE ((\"\" \"/\")) ((\"Other Users/\" \"/\")) NIL", HierarchyTestViews.Map("Dovecot").ClientNamespaceResponse());
        Assert.Equal("* NAMESPACE ((\"\" \"/\")) NIL NIL", HierarchyTestViews.Map("ScoOfficeV1").ClientNamespaceResponse());
        var options = new HierarchyOptions { OtherUsersRoot = "Otros usuarios", SharedRoot = "Carpetas compartidas" };
        Assert.Equal(
            "* NAMESPACE ((\"\" \"/\")) ((\"Otros usuarios/\" \"/\")) ((\"Carpetas compartidas/\" \"/\"))",
            new HierarchyMap(ServerView.Courier(), options).ClientNamespaceResponse());
    }
}
