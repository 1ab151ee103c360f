using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Tests.Hierarchy;

public sealed class ListPlanTests
{
    [Theory]
    [InlineData("Dovecot", "", "*", "LIST \"\" \"*\"")]
    [InlineData("Dovecot", "", "%", "LIST \"\" \"*\"")]
    [InlineData("Dovecot", "", "Projects/%", "LIST \"\" \"Projects/*\"")]
    [InlineData("Dovecot", "", "Other Users/carol/*", "LIST \"\" \"shared/carol/*\"")]
    [InlineData("Cyrus", "", "*", "LIST \"\" \"*\"")]
    [InlineData("Cyrus", "", "INBOX", "LIST \"\" \"INBOX\" | LIST \"\" \"INBOX.Inbox-Subfolders.*\"")]
    [InlineData("Cyrus", "", "Projects/20%", "LIST \"\" \"INBOX.Projects.20*\"")]
    [InlineData("Cyrus", "INBOX/", "%", "LIST \"\" \"INBOX.Inbox-Subfolders.*\"")]
    [InlineData("Cyrus", "", "Cal*", "LIST \"\" \"INBOX.Cal*\"")]
    [InlineData("Courier", "", "*", "LIST \"\" \"INBOX\" | LIST \"\" \"#shared\" | LIST \"\" \"#shared.*\" | LIST \"\" \"shared\" | LIST \"\" \"shared.*\" | LIST \"\" \"INBOX.*\"")]
    [InlineData("Courier", "", "Other Users/%", "LIST \"\" \"#shared.*\"")]
    [InlineData("ScoOfficeV1", "", "Cal*", "LIST \"\" \"Cal*\" | LIST \"\" \"INBOX/Cal*\"")]
    [InlineData("ScoOfficeV1", "", "Calendar/%", "LIST \"\" \"INBOX/Calendar/*\"")]
    [InlineData("ScoOfficeV1", "", "INBOX/Calendar", "LIST \"\" \"INBOX/Calendar*\"")]
    [InlineData("ScoOfficeV1", "", "INBOX/Calendar/%", "")]
    public void Plan_SendsTheseQueries(string view, string reference, string pattern, string queries) =>
        Assert.Equal(queries, string.Join(" | ", HierarchyTestViews.Map(view).PlanList(reference, pattern, lsub: false).Queries));

    [Fact]
    public void Lsub_ListsOtherUsersWithList_WhenAutoSubscribed()
    {
        var plan = HierarchyTestViews.Map("Courier").PlanList("", "*", lsub: true);
        Assert.Contains(plan.Queries, q => q.ToString() == "LIST \"\" \"#shared.*\"");
        Assert.Contains(plan.Queries, q => q.ToString() == "LSUB \"\" \"INBOX.*\"");
        var manual = new HierarchyMap(ServerView.Courier(), new HierarchyOptions { AutoSubscribeShared = false }).PlanList("", "*", lsub: true);
        Assert.All(manual.Queries, q => Assert.True(q.Lsub));
    }

    [Fact]
    public void EmptyPattern_IsAnsweredLocally()
    {
        var plan = HierarchyTestViews.Map("Cyrus").PlanList("", "", lsub: false);
        Assert.True(plan.IsDelimiterQuery);
        Assert.Empty(plan.Queries);
    }

    [Fact]
    public void Courier_InboxLosesHasChildren_WhenItsServerChildrenAreRootFolders()
    {
        var plan = HierarchyTestViews.Map("Courier").PlanList("", "%", lsub: false);
        var collector = plan.CreateCollector();
        collector.AddWire("INBOX", ["\\Marked", "\\HasChildren"]);
        collector.AddWire("INBOX.Calendar", ["\\HasNoChildren"]);
        collector.AddWire("INBOX.Projects", ["\\HasChildren"]);
        collector.AddWire("INBOX.Projects.2024", ["\\HasNoChildren"]);
        collector.AddWire("INBOX.Calend&AOE-rio", ["\\HasNoChildren"]);
        collector.AddWire("#shared.carol.Calendar", ["\\HasNoChildren"]);
        collector.AddWire("#shared.carol", ["\\Noselect", "\\HasChildren"]);
        var lines = collector.Complete().Select(e => $"({string.Join(' ', e.Attributes)}) {e.WireName}");
        Assert.Equal(
            [
                "(\\Marked \\HasNoChildren) INBOX",
                "(\\HasNoChildren) Calendar",
                "(\\HasNoChildren) Calend&AOE-rio",
                "(\\Noselect \\HasChildren) Other Users",
                "(\\HasChildren) Projects",
            ],
            lines);
    }

    [Fact]
    public void Cyrus_InboxGainsChildren_FromTheContainer_WhichStaysHidden()
    {
        var collector = HierarchyTestViews.Map("Cyrus").PlanList("", "*", lsub: false).CreateCollector();
        collector.Add(new ServerListEntry("INBOX", ["\\HasChildren"]));
        collector.Add(new ServerListEntry("INBOX.Inbox-Subfolders", ["\\HasChildren"]));
        collector.Add(new ServerListEntry("INBOX.Inbox-Subfolders.Work", ["\\HasNoChildren"]));
        collector.Add(new ServerListEntry("INBOX.Work", ["\\HasNoChildren"]));
        collector.Add(new ServerListEntry("user.carol.Calendar", ["\\HasNoChildren"]));
        var lines = collector.Complete().Select(e => $"({string.Join(' ', e.Attributes)}) {e.Name}");
        Assert.Equal(
            [
                "(\\HasChildren) INBOX",
                "(\\HasNoChildren) INBOX/Work",
                "(\\Noselect \\HasChildren) Other Users",
                "(\\Noselect \\HasChildren) Other Users/carol",
                "(\\HasNoChildren) Other Users/carol/Calendar",
                "(\\HasNoChildren) Work",
            ],
            lines);
    }

    [Fact]
    public void Lsub_DropsNoselectOnSelectableFolders_AndAddsSpecialUseFoundByName()
    {
        var view = ServerView.Courier();
        var catalog = SpecialFolderCatalog.FromList(
            [new("INBOX", []), new("INBOX.Sent", []), new("INBOX.Trash", []), new("INBOX.Drafts", []), new("INBOX.Archive", [])], view);
        var map = new HierarchyMap(view, null, catalog);
        var collector = map.PlanList("", "*", lsub: true).CreateCollector(name => name is "Drafts");

        // Note: Courier-IMAP 5.0 answers LSUB with (\Noselect) "INBOX" (upstream-servers.md).
        collector.AddWire("INBOX", ["\\Noselect"]);
        collector.AddWire("INBOX.Sent", []);
        collector.AddWire("INBOX.Drafts", ["\\Noselect"]);
        collector.AddWire("INBOX.Trash", []);
        collector.AddWire("INBOX.Old", ["\\Noselect"]);
        collector.AddWire("#shared.carol.Calendar", ["\\HasNoChildren"]);
        var lines = collector.Complete().Select(e => $"({string.Join(' ', e.Attributes)}) {e.Name}");
        Assert.Equal(
            [
                "() INBOX",
                "(\\Drafts) Drafts",
                "(\\Noselect) Old",
                "() Other Users/carol/Calendar",
                "(\\Sent) Sent",
                "(\\Trash) Trash",
            ],
            lines);
    }

    [Fact]
    public void Collector_KeepsUndecodableServerNamesAsTheyAre()
    {
        var collector = HierarchyTestViews.Map("Cyrus").PlanList("", "*", lsub: false).CreateCollector();
        collector.AddWire("INBOX.&Jjo", ["\\HasNoChildren"]);
        collector.AddWire("INBOX.a&-b", ["\\HasNoChildren"]);
        Assert.Equal(["&Jjo", "a&-b"], collector.Complete().Select(e => e.WireName));
    }
}
