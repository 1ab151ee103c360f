namespace Gateway.Core.Tests.Cache;

/// <summary>A clock that stands still and timers that fire only when the test calls <see cref="FireTimers"/>.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];

    public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<TimeSpan> Periods => [.. _timers.Where(t => !t.Disposed).Select(t => t.Period)];

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state, period);
        _timers.Add(timer);
        return timer;
    }

    /// <summary>Runs the callback of every live timer once, on the calling thread.</summary>
    public void FireTimers()
    {
        foreach (var timer in _timers.Where(t => !t.Disposed).ToList())
        {
            timer.Callback(timer.State);
        }
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, TimeSpan period) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public TimeSpan Period { get; private set; } = period;

        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Period = period;
            return !Disposed;
        }

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
