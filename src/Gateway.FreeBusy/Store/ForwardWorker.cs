using Gateway.Core.Upstream;
using Gateway.FreeBusy.Forwarders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.FreeBusy.Store;

/// <summary>
/// Forwards queued files to the upstream, oldest first, retrying failures with a backoff from
/// <c>FreeBusy:RetrySeconds</c> doubling up to an hour. A job whose owner's password is not in memory
/// (after a restart) waits until that user logs in again; a job older than <see cref="Expiry"/> is dropped.
/// </summary>
internal sealed partial class ForwardWorker : BackgroundService
{
    /// <summary>How long a job is retried before it is given up.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromDays(7);

    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromHours(1);

    private readonly FreeBusyService _service;
    private readonly IFreeBusyTarget _target;
    private readonly ICredentialStore _credentials;
    private readonly ILogger _logger;

    // Released when a job is queued or woken; the loop waits on it or on the next due time.
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public ForwardWorker(FreeBusyService service, IFreeBusyTarget target, ICredentialStore credentials, ILogger<ForwardWorker> logger)
    {
        _service = service;
        _target = target;
        _credentials = credentials;
        _logger = logger;
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Never hold up the host's start with a first forward attempt.
        await Task.Yield();
        var time = _service.Time;
        _service.Queue.Changed += OnChanged;
        _credentials.CredentialsRemembered += OnCredentialsRemembered;
        try
        {
            if (_service.Queue.Count > 0)
            {
                Log.Resuming(_logger, _service.Queue.Count, _target.Description);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                foreach (var job in _service.Queue.Snapshot().Where(j => j.NextAttempt <= now))
                {
                    await ForwardAsync(job, stoppingToken);
                }

                var next = _service.Queue.Snapshot().Select(j => j.NextAttempt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
                var wait = next == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : next - time.GetUtcNow();
                if (wait != Timeout.InfiniteTimeSpan && wait <= TimeSpan.Zero)
                {
                    continue;
                }

                try
                {
                    using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var timer = wait == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, delay.Token) : Task.Delay(wait, time, delay.Token);
                    await Task.WhenAny(timer, _signal.WaitAsync(delay.Token));
                    await delay.CancelAsync();
                    await timer.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            _service.Queue.Changed -= OnChanged;
            _credentials.CredentialsRemembered -= OnCredentialsRemembered;
        }
    }

    private void OnChanged(object? sender, EventArgs e) => _signal.Release();

    private void OnCredentialsRemembered(object? sender, string user) => _service.Queue.Wake(user, _service.Time.GetUtcNow());

    private async Task ForwardAsync(ForwardJob job, CancellationToken stoppingToken)
    {
        var now = _service.Time.GetUtcNow();
        if (now - job.Created > Expiry)
        {
            Log.GivenUp(_logger, job.Name, _target.Description, job.Attempts, job.LastError ?? "");
            _service.Queue.Complete(job);
            return;
        }

        var credentials = _service.CredentialsFor(job.Owner);
        if (credentials is null)
        {
            // Wait for the owner's next login (CredentialsRemembered wakes the job), with a daily retry as a floor.
            Log.WaitingForLogin(_logger, job.Name, job.Owner);
            _service.Queue.Reschedule(job, job.Attempts, now + TimeSpan.FromDays(1), "waiting for the owner's password (the gateway was restarted)");
            return;
        }

        try
        {
            if (job.Action == ForwardAction.Put)
            {
                await using var content = new FileStream(_service.Queue.ContentPath(job.Id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, useAsync: true);
                await _target.PutAsync(job.Name, credentials, content, stoppingToken);
            }
            else
            {
                await _target.DeleteAsync(job.Name, credentials, stoppingToken);
            }

            _service.Queue.Complete(job);
            Log.Forwarded(_logger, Verb(job.Action), job.Name, _target.Description, job.Attempts + 1);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A forward that fails for any reason is retried later; it must never stop the worker.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var attempts = job.Attempts + 1;
            var backoff = TimeSpan.FromSeconds(Math.Min(s_maxBackoff.TotalSeconds, _service.Options.RetrySeconds * Math.Pow(2, Math.Min(attempts - 1, 20))));
            if (FreeBusyService.IsUpstreamFailure(e) || e is OperationCanceledException)
            {
                Log.Failed(_logger, Verb(job.Action), job.Name, _target.Description, attempts, backoff.TotalSeconds, e.Message);
            }
            else
            {
                Log.FailedUnexpectedly(_logger, e, Verb(job.Action), job.Name, _target.Description, attempts, backoff.TotalSeconds);
            }

            _service.Queue.Reschedule(job, attempts, _service.Time.GetUtcNow() + backoff, e.Message);
        }
    }

    private static string Verb(ForwardAction action) => action == ForwardAction.Put ? "Put" : "Delete";

    private static partial class Log
    {
        [LoggerMessage(4101, LogLevel.Information, "forwarded {Action} {Name} to {Target} (attempt {Attempt})")]
        public static partial void Forwarded(ILogger logger, string action, string name, string target, int attempt);

        [LoggerMessage(4102, LogLevel.Warning, "forwarding {Action} {Name} to {Target} failed (attempt {Attempt}), retrying in {Seconds} s: {Reason}")]
        public static partial void Failed(ILogger logger, string action, string name, string target, int attempt, double seconds, string reason);

        [LoggerMessage(4103, LogLevel.Error, "forwarding {Action} {Name} to {Target} failed unexpectedly (attempt {Attempt}), retrying in {Seconds} s")]
        public static partial void FailedUnexpectedly(ILogger logger, Exception exception, string action, string name, string target, int attempt, double seconds);

        [LoggerMessage(4104, LogLevel.Error, "gave up forwarding {Name} to {Target} after {Attempts} attempts: {Reason}")]
        public static partial void GivenUp(ILogger logger, string name, string target, int attempts, string reason);

        [LoggerMessage(4105, LogLevel.Information, "{Name} waits for {Owner} to log in again before it can be forwarded")]
        public static partial void WaitingForLogin(ILogger logger, string name, string owner);

        [LoggerMessage(4106, LogLevel.Information, "resuming {Count} queued free/busy forwards to {Target}")]
        public static partial void Resuming(ILogger logger, int count, string target);
    }
}
