using Serilog.Core;
using Serilog.Events;

namespace Gateway.IntegrationTests.Fixtures;

/// <summary>A Serilog sink that lets a test await the first log message matching a condition.</summary>
internal sealed class LogEvents : ILogEventSink
{
    // _waiters guards itself: pending waits, completed by Emit.
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];
    private readonly List<string> _seen = [];

    public void Emit(LogEvent logEvent)
    {
        var text = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        lock (_waiters)
        {
            _seen.Add(text);
            foreach (var waiter in _waiters.Where(w => w.Match(text)).ToList())
            {
                waiter.Done.TrySetResult(text);
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes with the first message (past or future) that contains <paramref name="fragment"/>.</summary>
    public Task<string> WaitForAsync(string fragment, TimeSpan timeout)
    {
        bool Match(string text) => text.Contains(fragment, StringComparison.Ordinal);
        lock (_waiters)
        {
            var seen = _seen.Find(Match);
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }

            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((Match, done));
            return done.Task.WaitAsync(timeout);
        }
    }
}
