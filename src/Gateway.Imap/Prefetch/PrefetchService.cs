using Gateway.Core.Cache;
using Gateway.Core.Configuration;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Imap.Prefetch;

/// <summary>
/// Warms the message cache in the background (<c>Cache:Prefetch</c>, issue 6): for each user whose password the
/// <see cref="ICredentialStore"/> remembers, a <see cref="PrefetchJob"/> stores the new messages of the configured
/// folders, once after the user's first login and then every <c>Cache:PrefetchIntervalSeconds</c> while the password
/// is remembered.
/// </summary>
/// <remarks>
/// <see cref="ICredentialStore.CredentialsRemembered"/> (every successful IMAP, POP3 or SMTP login) schedules a user;
/// <see cref="PrefetchSchedule"/> decides who runs when: one run per user at a time, at most
/// <see cref="MaxConcurrentUsers"/> users at once. A run's failure is logged and never ends the service.
/// </remarks>
internal sealed partial class PrefetchService : BackgroundService
{
    /// <summary>Users prefetched at the same time: the background work must never compete much with the sessions.</summary>
    public const int MaxConcurrentUsers = 2;

    private readonly ICredentialStore _credentials;
    private readonly PrefetchJob _job;
    private readonly TimeProvider _time;
    private readonly ILogger<PrefetchService> _logger;

    // _lock guards _schedule, _wake and _runs.
    private readonly Lock _lock = new();
    private readonly PrefetchSchedule _schedule;
    private readonly HashSet<Task> _runs = [];
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PrefetchService(GatewayOptions options, ICredentialStore credentials, MessageCacheStore store, ITrafficSink traffic, TimeProvider time, ILogger<PrefetchService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _time = time;
        _logger = logger;
        _schedule = new PrefetchSchedule(TimeSpan.FromSeconds(options.Cache.PrefetchIntervalSeconds), MaxConcurrentUsers);
        _job = new PrefetchJob(options, store, traffic, time, logger);

        // Here rather than in StartAsync: the host builds every hosted service before it starts the first, so no
        // login on a listener that starts earlier is missed. ExecuteAsync runs whoever was scheduled meanwhile.
        _credentials.CredentialsRemembered += OnCredentialsRemembered;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _credentials.CredentialsRemembered -= OnCredentialsRemembered;
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _credentials.CredentialsRemembered -= OnCredentialsRemembered;
        base.Dispose();
    }

    // Runs on the login's thread: only bookkeeping here.
    private void OnCredentialsRemembered(object? sender, string user)
    {
        lock (_lock)
        {
            if (_schedule.Add(user, _time.GetUtcNow()))
            {
                _wake.TrySetResult();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            Task wake;
            TimeSpan? wait;
            lock (_lock)
            {
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wake = _wake.Task;
                var now = _time.GetUtcNow();
                foreach (var user in _schedule.TakeDue(now))
                {
                    if (_credentials.TryGet(user, out var password))
                    {
                        var run = RunAsync(user, password, _schedule.WatermarksOf(user), stoppingToken);
                        _runs.Add(run);
                    }
                    else
                    {
                        // The password expired: nothing to log in with until the user logs in again.
                        _schedule.Completed(user, drop: true, now);
                        Log.Dropped(_logger, user);
                    }
                }

                wait = _schedule.NextDue() is { } next ? Max(next - now, TimeSpan.Zero) : null;
            }

            try
            {
                await (wait is { } delay ? Task.WhenAny(wake, Task.Delay(delay, _time, stoppingToken)) : wake.WaitAsync(stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Task[] runs;
        lock (_lock)
        {
            runs = [.. _runs];
        }

        await Task.WhenAll(runs);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // One user's run; never throws. Called under _lock: the work starts after the first await.
    private async Task RunAsync(string user, string password, PrefetchWatermarks watermarks, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var outcome = PrefetchOutcome.Failed;
        try
        {
            using var scope = _logger.BeginScope(new Dictionary<string, object> { ["User"] = user, ["Action"] = "prefetch" });
            outcome = await _job.RunAsync(user, password, watermarks, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A bug must not end the service or the process; the user is tried again one interval later.
            Log.Crashed(_logger, e, user);
        }
        finally
        {
            lock (_lock)
            {
                _schedule.Completed(user, drop: outcome == PrefetchOutcome.Rejected, _time.GetUtcNow());
                _runs.RemoveWhere(t => t.IsCompleted);
                _wake.TrySetResult();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2206, LogLevel.Error, "prefetch for {User} failed unexpectedly")]
        public static partial void Crashed(ILogger logger, Exception exception, string user);

        [LoggerMessage(2207, LogLevel.Debug, "prefetch for {User}: the password is no longer remembered; no more prefetch until the user logs in again")]
        public static partial void Dropped(ILogger logger, string user);
    }
}
