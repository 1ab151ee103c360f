using Gateway.Imap.Prefetch;

namespace Gateway.Imap.Tests.Prefetch;

public sealed class PrefetchScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Fact]
    public void Add_NewUser_IsDueAtOnce_AndAgainOneIntervalAfterTheRun()
    {
        var schedule = new PrefetchSchedule(Interval, maxRunning: 2);
        Assert.True(schedule.Add("alice", T0));
        Assert.Equal(T0, schedule.NextDue());
        Assert.Equal(["alice"], schedule.TakeDue(T0));
        Assert.Empty(schedule.TakeDue(T0)); // running: never twice at once

        schedule.Completed("alice", drop: false, T0.AddSeconds(20));
        Assert.Equal(T0.AddSeconds(20) + Interval, schedule.NextDue());
        Assert.Empty(schedule.TakeDue(T0.AddSeconds(20) + Interval - TimeSpan.FromSeconds(1)));
        Assert.Equal(["alice"], schedule.TakeDue(T0.AddSeconds(20) + Interval));
    }

    [Fact]
    public void Add_ScheduledUser_KeepsTheirTime()
    {
        var schedule = new PrefetchSchedule(Interval, maxRunning: 2);
        schedule.Add("alice", T0);
        schedule.TakeDue(T0);
        schedule.Completed("alice", drop: false, T0);

        // Outlook opens several connections: no extra runs.
        Assert.False(schedule.Add("alice", T0.AddSeconds(1)));
        Assert.False(schedule.Add("alice", T0.AddSeconds(2)));
        Assert.Equal(T0 + Interval, schedule.NextDue());
    }

    [Fact]
    public void TakeDue_StartsAtMostMaxRunning_EarliestFirst()
    {
        var schedule = new PrefetchSchedule(Interval, maxRunning: 2);
        schedule.Add("carol", T0.AddSeconds(2));
        schedule.Add("alice", T0);
        schedule.Add("bob", T0.AddSeconds(1));

        Assert.Equal(["alice", "bob"], schedule.TakeDue(T0.AddSeconds(3)));
        Assert.Equal(2, schedule.Running);
        Assert.Null(schedule.NextDue()); // no free slot: wait for a run to end
        Assert.Empty(schedule.TakeDue(T0.AddSeconds(3)));

        schedule.Completed("bob", drop: false, T0.AddSeconds(4));
        Assert.Equal(T0.AddSeconds(2), schedule.NextDue());
        Assert.Equal(["carol"], schedule.TakeDue(T0.AddSeconds(4)));
    }

    [Fact]
    public void Completed_Dropped_LeavesTheSchedule_UntilTheNextLogin()
    {
        var schedule = new PrefetchSchedule(Interval, maxRunning: 2);
        schedule.Add("alice", T0);
        schedule.TakeDue(T0);
        schedule.Completed("alice", drop: true, T0);

        Assert.Empty(schedule.Users);
        Assert.Null(schedule.NextDue());
        Assert.True(schedule.Add("alice", T0.AddHours(1)));
        Assert.Equal(["alice"], schedule.TakeDue(T0.AddHours(1)));
    }

    [Fact]
    public void Completed_Dropped_AfterALoginDuringTheRun_RunsAgainAtOnce()
    {
        var schedule = new PrefetchSchedule(Interval, maxRunning: 2);
        schedule.Add("alice", T0);
        schedule.TakeDue(T0);

        // The run's password was the old one; the user logged in with a new one meanwhile.
        Assert.False(schedule.Add("alice", T0.AddSeconds(1)));
        schedule.Completed("alice", drop: true, T0.AddSeconds(2));

        Assert.Equal(["alice"], schedule.Users);
        Assert.Equal(["alice"], schedule.TakeDue(T0.AddSeconds(2)));

        // That login counted for that run only.
        schedule.Completed("alice", drop: true, T0.AddSeconds(3));
        Assert.Empty(schedule.Users);
    }

    [Fact]
    public void Watermarks_BelongToTheUser_AndForgetAnotherUidValidity()
    {
        var schedule = new PrefetchSchedule(Interval, maxRunning: 2);
        schedule.Add("alice", T0);
        schedule.Add("bob", T0);
        schedule.WatermarksOf("alice").Set("INBOX", 7, 120);

        Assert.Equal(120, schedule.WatermarksOf("alice").Next("INBOX", 7));
        Assert.Null(schedule.WatermarksOf("alice").Next("INBOX", 8));
        Assert.Null(schedule.WatermarksOf("alice").Next("INBOX.Sent", 7));
        Assert.Null(schedule.WatermarksOf("bob").Next("INBOX", 7));
    }

    [Fact]
    public void Completed_WithoutARun_IsABug()
    {
        var schedule = new PrefetchSchedule(Interval, maxRunning: 2);
        schedule.Add("alice", T0);
        Assert.Throws<InvalidOperationException>(() => schedule.Completed("alice", drop: false, T0));
    }
}
