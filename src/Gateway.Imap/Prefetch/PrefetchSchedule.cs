namespace Gateway.Imap.Prefetch;

/// <summary>
/// Which users get a prefetch run, and when: pure bookkeeping, no clock and no I/O. Not thread-safe; the caller
/// guards it with one lock.
/// </summary>
/// <remarks>
/// A login adds a user who is not scheduled yet, due at once; a scheduled user keeps their time, so the several
/// connections an Outlook opens at start cause one run, not several. After a run the user is due again one interval
/// later; a run whose password was rejected (or is no longer remembered) drops the user, unless they logged in again
/// meanwhile (a new password).
/// At most <c>maxRunning</c> users run at once, and a user never runs twice at the same time.
/// </remarks>
internal sealed class PrefetchSchedule(TimeSpan interval, int maxRunning)
{
    private readonly Dictionary<string, Entry> _users = new(StringComparer.Ordinal);

    private sealed class Entry(DateTimeOffset due)
    {
        public DateTimeOffset Due { get; set; } = due;

        public bool Running { get; set; }

        /// <summary>A login happened while the run was going: a rejection must not drop the user.</summary>
        public bool LoggedInDuringRun { get; set; }

        public PrefetchWatermarks Watermarks { get; } = new();
    }

    /// <summary>How many runs are going.</summary>
    public int Running { get; private set; }

    /// <summary>The scheduled users (running or waiting).</summary>
    public IReadOnlyCollection<string> Users => _users.Keys;

    /// <summary>A successful login of <paramref name="user"/>: schedules them now unless they are scheduled already.</summary>
    /// <returns>True when the user was added (due now).</returns>
    public bool Add(string user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (_users.TryGetValue(user, out var entry))
        {
            if (entry.Running)
            {
                entry.LoggedInDuringRun = true;
            }

            return false;
        }

        _users[user] = new Entry(now);
        return true;
    }

    /// <summary>The users due at <paramref name="now"/>, earliest first, as many as there are free slots; they are marked running.</summary>
    public IReadOnlyList<string> TakeDue(DateTimeOffset now)
    {
        var free = maxRunning - Running;
        if (free <= 0)
        {
            return [];
        }

        var due = _users.Where(u => !u.Value.Running && u.Value.Due <= now).OrderBy(u => u.Value.Due).Take(free).ToList();
        foreach (var (_, entry) in due)
        {
            entry.Running = true;
            entry.LoggedInDuringRun = false;
            Running++;
        }

        return [.. due.Select(u => u.Key)];
    }

    /// <summary>What the runs of <paramref name="user"/> remember between runs (per folder: the UIDs already looked at).</summary>
    public PrefetchWatermarks WatermarksOf(string user) => _users[user].Watermarks;

    /// <summary>A run of <paramref name="user"/> ended (or was not started).</summary>
    /// <param name="user">A user returned by <see cref="TakeDue"/>.</param>
    /// <param name="drop">The password was rejected or is no longer remembered: the user leaves the schedule, unless
    /// they logged in again meanwhile (then they are due at once, with the new password).</param>
    /// <param name="now">The current time.</param>
    public void Completed(string user, bool drop, DateTimeOffset now)
    {
        if (!_users.TryGetValue(user, out var entry) || !entry.Running)
        {
            throw new InvalidOperationException($"no prefetch run of {user} is going");
        }

        entry.Running = false;
        Running--;
        if (drop && !entry.LoggedInDuringRun)
        {
            _users.Remove(user);
            return;
        }

        entry.Due = drop ? now : now + interval;
    }

    /// <summary>When the next run could start: the earliest due time of a waiting user, or null when none (or no slot is free).</summary>
    public DateTimeOffset? NextDue()
    {
        if (Running >= maxRunning)
        {
            return null;
        }

        DateTimeOffset? next = null;
        foreach (var entry in _users.Values)
        {
            if (!entry.Running && (next is null || entry.Due < next))
            {
                next = entry.Due;
            }
        }

        return next;
    }
}
