using Serilog.Core;
using Serilog.Events;

namespace Gateway.IntegrationTests.Fixtures;

/// <summary>A Serilog sink that lets a test await the first log message matching a condition.</summary>
internal sealed class LogEvents : ILogEventSink
{
    private static readonly Serilog.Formatting.Display.MessageTemplateTextFormatter s_literal =
        new("{Message:l}", System.Globalization.CultureInfo.InvariantCulture);

    // _waiters guards itself: pending waits, completed by Emit.
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];
    private readonly List<string> _seen = [];

    public void Emit(LogEvent logEvent)
    {
        // ":l" renders string values without quotes, as the log file shows them.
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        s_literal.Format(logEvent, writer);
        var text = writer.ToString();
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

    /// <summary>Completes with the <paramref name="occurrence"/>-th message (past or future, counting from 1) that contains <paramref name="fragment"/>.</summary>
    public Task<string> WaitForAsync(string fragment, int occurrence, TimeSpan timeout)
    {
        lock (_waiters)
        {
            var seen = _seen.Count(text => text.Contains(fragment, StringComparison.Ordinal));
            if (seen >= occurrence)
            {
                return Task.FromResult(_seen.Where(text => text.Contains(fragment, StringComparison.Ordinal)).ElementAt(occurrence - 1));
            }

            var remaining = occurrence - seen;
            bool Match(string text) => text.Contains(fragment, StringComparison.Ordinal) && --remaining == 0;
            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((Match, done));
            return done.Task.WaitAsync(timeout);
        }
    }
}
