using System.Text;
using Gateway.Imap.Cache;

namespace Gateway.Imap.Tests.Cache;

public sealed class FetchPlannerTests
{
    private static FetchRequest Parse(string line)
    {
        Assert.True(FetchCommandParser.TryParse(Encoding.UTF8.GetBytes(line), out var request), line);
        return request;
    }

    private static Func<long, string, bool> Cached(params (long Uid, string Key)[] entries) => (uid, key) => entries.Contains((uid, key));

    [Fact]
    public void Uid_fetch_splits_hits_from_the_rest()
    {
        var plan = FetchPlanner.PlanUid(Parse("a UID FETCH 1:* (FLAGS BODY.PEEK[])"), [5, 2, 3, 40], Cached((2, "BODY[]"), (3, "BODY[]"), (5, "BODY[]"), (40, "ENVELOPE")));
        Assert.Equal([2L, 3, 5], plan.Hits);
        Assert.Null(plan.SeenCommand);
        Assert.Equal("UID FETCH 2:3,5 (UID FLAGS)", plan.HitCommand);
        Assert.Equal("UID FETCH 1,4,6:* (FLAGS BODY.PEEK[])", plan.MissCommand);
    }

    [Fact]
    public void Non_peek_hits_keep_the_seen_side_effect()
    {
        var plan = FetchPlanner.PlanUid(Parse("a UID FETCH 2:3 BODY[]"), [2, 3], Cached((2, "BODY[]"), (3, "BODY[]")));
        Assert.Equal("UID STORE 2:3 +FLAGS (\\Seen)", plan.SeenCommand);
        Assert.Equal("UID FETCH 2:3 (UID FLAGS)", plan.HitCommand);
        Assert.Null(plan.MissCommand);
    }

    [Fact]
    public void A_partly_cached_message_is_a_miss_and_modifiers_are_kept()
    {
        var request = Parse("a UID FETCH 7 (ENVELOPE BODY.PEEK[HEADER] MODSEQ) (CHANGEDSINCE 9)");
        var plan = FetchPlanner.PlanUid(request, [7], Cached((7, "ENVELOPE")));
        Assert.Empty(plan.Hits);
        Assert.Null(plan.HitCommand);
        Assert.Equal("UID FETCH 7 (ENVELOPE BODY.PEEK[HEADER] MODSEQ) (CHANGEDSINCE 9)", plan.MissCommand);

        plan = FetchPlanner.PlanUid(request, [7], Cached((7, "ENVELOPE"), (7, "BODY[HEADER]")));
        Assert.Equal("UID FETCH 7 (UID MODSEQ) (CHANGEDSINCE 9)", plan.HitCommand);
        Assert.Null(plan.MissCommand);
    }

    [Fact]
    public void Nothing_cacheable_passes_through()
    {
        var plan = FetchPlanner.PlanUid(Parse("a UID FETCH 1:* (FLAGS)"), [1, 2], Cached());
        Assert.Empty(plan.Hits);
        Assert.Equal("UID FETCH 1:* (FLAGS)", plan.MissCommand);
        Assert.Null(plan.HitCommand);
    }

    [Fact]
    public void Cached_uids_outside_the_set_are_ignored()
    {
        var plan = FetchPlanner.PlanUid(Parse("a UID FETCH 10:12 RFC822.SIZE"), [3, 11, 99], Cached((3, "RFC822.SIZE"), (11, "RFC822.SIZE"), (99, "RFC822.SIZE")));
        Assert.Equal([11L], plan.Hits);
        Assert.Equal("UID FETCH 10,12 RFC822.SIZE", plan.MissCommand);
    }

    [Fact]
    public void Sequence_fetch_probes_then_plans_by_number()
    {
        var request = Parse("a FETCH 1:4 (RFC822.SIZE BODY[] FLAGS)");
        Assert.Equal("FETCH 1:4 (UID FLAGS)", FetchPlanner.ProbeCommand(request));
        var plan = FetchPlanner.PlanSequence(request, [(1, 10), (2, 11), (3, 12), (4, 13)], Cached((10, "RFC822.SIZE"), (10, "BODY[]"), (12, "RFC822.SIZE"), (12, "BODY[]"), (13, "RFC822.SIZE")));
        Assert.Equal([1L, 3], plan.Hits);
        Assert.Equal("STORE 1,3 +FLAGS (\\Seen)", plan.SeenCommand);
        Assert.Null(plan.HitCommand);
        Assert.Equal("FETCH 2,4 (RFC822.SIZE BODY[] FLAGS)", plan.MissCommand);
    }

    [Fact]
    public void Probe_adds_flags_only_when_seen_can_change() =>
        Assert.Equal("FETCH 1 (UID)", FetchPlanner.ProbeCommand(Parse("a FETCH 1 BODY.PEEK[]")));

    [Theory]
    [InlineData("RFC822", true)]
    [InlineData("RFC822.SIZE", true)]
    [InlineData("RFC822.HEADER", true)]
    [InlineData("RFC822.TEXT", true)]
    [InlineData("BODY.PEEK[HEADER]", true)]
    [InlineData("BODY[TEXT]<0.100>", true)]
    [InlineData("BODY.PEEK[1.2.MIME]", true)]
    [InlineData("BODY.PEEK[2.HEADER]<5.5>", true)]
    [InlineData("BODY.PEEK[HEADER.FIELDS (FROM)]", false)]
    [InlineData("BODY.PEEK[1.HEADER.FIELDS.NOT (FROM)]", false)]
    [InlineData("BODY.PEEK[1.0]", false)]
    [InlineData("ENVELOPE", false)]
    [InlineData("BODYSTRUCTURE", false)]
    [InlineData("INTERNALDATE", false)]
    public void A_cached_whole_message_makes_derivable_items_hits(string item, bool hit)
    {
        var request = Parse($"a UID FETCH 5 ({item} FLAGS)");
        var plan = FetchPlanner.PlanUid(request, [5], Cached((5, "BODY[]")));
        Assert.Equal(hit, plan.Hits.Count == 1);
        Assert.Equal(hit ? null : "UID FETCH 5 (" + item + " FLAGS)", plan.MissCommand);
        Assert.Equal(hit && request.SetsSeen ? "UID STORE 5 +FLAGS (\\Seen)" : null, plan.SeenCommand);
    }
}
