using Gateway.FreeBusy.Store;

namespace Gateway.FreeBusy.Tests.Store;

public sealed class ForwardQueueTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "fbq-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Content(string text)
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Jobs_survive_a_restart_with_their_content_and_are_due_at_once()
    {
        var queue = new ForwardQueue(_root);
        var job = await queue.EnqueueAsync("alice.vfb", "alice", ForwardAction.Put, Content("v1"), s_now, CancellationToken.None);
        Assert.True(queue.Reschedule(job, 3, s_now.AddHours(1), "connection refused"));

        var reloaded = new ForwardQueue(_root);
        var again = Assert.Single(reloaded.Snapshot());
        Assert.Equal((job.Id, "alice.vfb", "alice", ForwardAction.Put, 3, "connection refused"), (again.Id, again.Name, again.Owner, again.Action, again.Attempts, again.LastError));
        Assert.Equal(DateTimeOffset.MinValue, again.NextAttempt);
        Assert.Equal("v1", await File.ReadAllTextAsync(reloaded.ContentPath(again.Id)));
        Assert.Empty(reloaded.Unreadable);
    }

    [Fact]
    public async Task The_newest_job_of_a_name_replaces_the_older_one()
    {
        var queue = new ForwardQueue(_root);
        var old = await queue.EnqueueAsync("alice.vfb", "alice", ForwardAction.Put, Content("v1"), s_now, CancellationToken.None);
        var changed = 0;
        queue.Changed += (_, _) => changed++;
        var newer = await queue.EnqueueAsync("alice.vfb", "alice", ForwardAction.Put, Content("v2"), s_now.AddSeconds(1), CancellationToken.None);

        Assert.Equal(newer.Id, Assert.Single(queue.Snapshot()).Id);
        Assert.False(File.Exists(queue.ContentPath(old.Id)));
        Assert.Equal(1, changed);

        // A late result for the replaced job changes nothing.
        Assert.False(queue.Reschedule(old, 1, s_now, "x"));
        queue.Complete(old);
        Assert.True(queue.IsPending("alice.vfb"));

        queue.Complete(newer);
        Assert.False(queue.IsPending("alice.vfb"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "queue")));
    }

    [Fact]
    public async Task Wake_makes_the_owners_waiting_jobs_due()
    {
        var queue = new ForwardQueue(_root);
        var alice = await queue.EnqueueAsync("alice.vfb", "alice", ForwardAction.Delete, null, s_now, CancellationToken.None);
        var bob = await queue.EnqueueAsync("bob.vfb", "bob", ForwardAction.Delete, null, s_now, CancellationToken.None);
        queue.Reschedule(alice, 1, s_now.AddDays(1), "waiting");
        queue.Reschedule(bob, 1, s_now.AddDays(1), "waiting");

        queue.Wake("alice", s_now.AddMinutes(1));

        var jobs = queue.Snapshot().ToDictionary(j => j.Owner);
        Assert.Equal(s_now.AddMinutes(1), jobs["alice"].NextAttempt);
        Assert.Equal(s_now.AddDays(1), jobs["bob"].NextAttempt);
    }

    [Fact]
    public async Task Unreadable_job_files_are_reported_and_left_alone()
    {
        var queue = new ForwardQueue(_root);
        await queue.EnqueueAsync("alice.vfb", "alice", ForwardAction.Delete, null, s_now, CancellationToken.None);
        var broken = Path.Combine(_root, "queue", "broken.job");
        await File.WriteAllTextAsync(broken, "{ not json");

        var reloaded = new ForwardQueue(_root);
        Assert.Equal(["broken.job"], reloaded.Unreadable);
        Assert.Single(reloaded.Snapshot());
        Assert.True(File.Exists(broken));
    }
}
