using System.Net;
using Gateway.Core.Configuration;
using Gateway.Core.Upstream;
using Gateway.Smtp.Dsn;
using Gateway.Smtp.Relay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Gateway.Smtp.Spool;

/// <summary>
/// Delivers what is in the spool: at start it recovers the spool after a crash; then it delivers each due
/// message as its user (password from <see cref="ICredentialStore"/>, or the service account), backs off on
/// temporary failures, and turns permanent failures and expiry into a DSN in the sender's INBOX.
/// </summary>
/// <remarks>
/// The worker keeps no queue in memory: every round rescans the envelopes, so messages spooled by a session,
/// envelopes rewritten by <c>scogw queue retry</c> and messages left by a crashed process are all found the
/// same way. It wakes on a new message, on a remembered password, on a change in the queue folder, at the
/// next due time, and at least every <see cref="RescanInterval"/>.
/// </remarks>
internal sealed partial class SpoolWorker : BackgroundService
{
    private static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(30);

    private readonly MessageSpool _spool;
    private readonly SmtpOptions _options;
    private readonly RetrySchedule _schedule;
    private readonly ICredentialStore _credentials;
    private readonly UpstreamSmtpConnector _connector;
    private readonly DsnAppender _dsn;
    private readonly TimeProvider _time;
    private readonly ILogger<SpoolWorker> _logger;
    private readonly SpoolSignal _signal = new();
    private readonly string _hostName = Dns.GetHostName();

    // Damaged envelopes already reported, so each is logged once; touched by the worker loop only.
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    private IDisposable? _lock;
    private FileSystemWatcher? _watcher;

    public SpoolWorker(
        MessageSpool spool, SmtpOptions options, ICredentialStore credentials, UpstreamSmtpConnector connector, DsnAppender dsn, TimeProvider time, ILogger<SpoolWorker> logger)
    {
        _spool = spool;
        _options = options;
        _schedule = RetrySchedule.From(options);
        _credentials = credentials;
        _connector = connector;
        _dsn = dsn;
        _time = time;
        _logger = logger;
    }

    /// <summary>Asks for a scan now (a message was spooled).</summary>
    public void Wake() => _signal.Set();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _lock = _spool.TryLock()
            ?? throw new InvalidOperationException($"Spool:Path: '{_spool.Root}' is in use by another scogw process");
        var removed = _spool.Recover();
        Log.Recovered(_logger, _spool.Root, removed, _spool.List(out _).Count);
        _credentials.CredentialsRemembered += OnCredentialsRemembered;
        _watcher = new FileSystemWatcher(_spool.QueueDirectory, "*.json") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
        _watcher.Created += OnQueueChanged;
        _watcher.Renamed += OnQueueChanged;
        _watcher.Changed += OnQueueChanged;
        _watcher.EnableRaisingEvents = true;
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _credentials.CredentialsRemembered -= OnCredentialsRemembered;
        _watcher?.Dispose();
        await base.StopAsync(cancellationToken);
        _lock?.Dispose();
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _lock?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var signalled = _signal.Reset();
            TimeSpan wait;
            try
            {
                wait = await RunRoundAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (IOException e)
            {
                // The spool folder itself is unusable (disk, permissions); say so and try again later.
                Log.RoundFailed(_logger, e.Message);
                wait = RescanInterval;
            }

            try
            {
                await Task.WhenAny(signalled, Task.Delay(wait, _time, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One scan: delivers what is due on up to <c>DeliveryConcurrency</c> lanes; returns how long to wait for the next.</summary>
    private async Task<TimeSpan> RunRoundAsync(CancellationToken cancellationToken)
    {
        var envelopes = _spool.List(out var problems);
        foreach (var problem in problems.Where(_reported.Add))
        {
            Log.Damaged(_logger, problem);
        }

        var now = _time.GetUtcNow();
        var work = new List<(SpoolEnvelope Envelope, string Login, string Password)>();
        var next = now + RescanInterval;
        foreach (var envelope in envelopes)
        {
            var expiring = envelope.Pending.Any() && _schedule.HasExpired(envelope.Received, now);
            var needsReport = expiring || !envelope.Pending.Any();
            if (!expiring && envelope.NextAttempt > now)
            {
                next = envelope.NextAttempt < next ? envelope.NextAttempt : next;
                continue;
            }

            if (_credentials.TryGet(envelope.User, out var password))
            {
                work.Add((envelope, envelope.User, password));
            }
            else if (!needsReport && _options.HasServiceAccount)
            {
                work.Add((envelope, _options.ServiceAccountUser!, _options.ServiceAccountPassword!));
            }

            // Otherwise the message waits for its user's next login (CredentialsRemembered wakes the worker).
        }

        if (work.Count > 0)
        {
            var lanes = Math.Min(_options.DeliveryConcurrency, work.Count);
            await Task.WhenAll(Enumerable.Range(0, lanes).Select(lane =>
                RunLaneAsync(work.Where((_, index) => index % lanes == lane).OrderBy(w => w.Login, StringComparer.Ordinal).ToList(), cancellationToken)));
            return TimeSpan.Zero;
        }

        var wait = next - _time.GetUtcNow();
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private async Task RunLaneAsync(List<(SpoolEnvelope Envelope, string Login, string Password)> work, CancellationToken cancellationToken)
    {
        await using var relay = new MessageRelay(_connector, _time);
        foreach (var (envelope, login, password) in work)
        {
            try
            {
                var current = envelope;
                if (current.Pending.Any() && _schedule.HasExpired(current.Received, _time.GetUtcNow()))
                {
                    current = Expire(current);
                    await _spool.WriteEnvelopeAsync(current, cancellationToken);
                }

                if (current.Pending.Any())
                {
                    current = await DeliverAsync(relay, current, login, password, cancellationToken);
                }

                if (current is not null && !current.Pending.Any() && login == current.User)
                {
                    await ReportAsync(current, password, cancellationToken);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A message whose files vanished (scogw queue delete) or cannot be read; the next round sees the truth.
                Log.MessageUnreadable(_logger, envelope.Id, e.Message);
            }
        }
    }

    /// <summary>Tries the pending recipients once; returns the updated envelope, or null when the message is gone from the spool.</summary>
    private async Task<SpoolEnvelope?> DeliverAsync(MessageRelay relay, SpoolEnvelope envelope, string login, string password, CancellationToken cancellationToken)
    {
        var pending = envelope.Pending.Select(r => r.Address).ToList();
        RelayOutcome outcome;
        await using (var file = _spool.OpenMessage(envelope.Id))
        {
            using var message = await MimeMessage.LoadAsync(ParserOptions.Default, file, persistent: true, cancellationToken);
            outcome = await relay.RelayAsync(login, password, message, file.Length, envelope.Sender, pending, cancellationToken);
        }

        var recipients = envelope.Recipients
            .Where(r => r.Failed || !outcome.Delivered.Contains(r.Address, StringComparer.OrdinalIgnoreCase))
            .Select(r => outcome.Permanent.FirstOrDefault(p => p.Address.Equals(r.Address, StringComparison.OrdinalIgnoreCase)) is { } failure
                ? r with { Failed = true, Reply = failure.Reply }
                : r)
            .ToList();
        if (outcome.Delivered.Count > 0)
        {
            Log.Delivered(_logger, envelope.Id, envelope.Sender, string.Join(", ", outcome.Delivered), login);
        }

        if (recipients.Count == 0)
        {
            // Remove it first thing: between the upstream's 250 and this delete is the only window for a duplicate.
            _spool.Delete(envelope.Id);
            return null;
        }

        var attempts = envelope.Attempts + 1;
        var updated = envelope with { Recipients = recipients, Attempts = attempts };
        if (updated.Pending.Any())
        {
            var reason = outcome.Temporary is [var first, ..] ? first.Reply : "";
            updated = updated with { NextAttempt = _time.GetUtcNow() + _schedule.DelayAfter(attempts), LastError = reason };
            Log.Deferred(_logger, envelope.Id, reason, updated.NextAttempt);
        }
        else
        {
            updated = updated with { LastError = outcome.Permanent is [var first, ..] ? first.Reply : null };
        }

        await _spool.WriteEnvelopeAsync(updated, cancellationToken);
        return updated;
    }

    private SpoolEnvelope Expire(SpoolEnvelope envelope)
    {
        var reason = $"554 4.4.7 message expired after {_schedule.GiveUpAfter.TotalHours:0.#} hours in the gateway's spool; last error: {envelope.LastError ?? "none"}";
        Log.Expired(_logger, envelope.Id, envelope.LastError ?? "");
        return envelope with { Recipients = [.. envelope.Recipients.Select(r => r.Failed ? r : r with { Failed = true, Reply = reason })] };
    }

    /// <summary>Puts the DSN for the failed recipients into the sender's INBOX, then removes the message.</summary>
    private async Task ReportAsync(SpoolEnvelope envelope, string password, CancellationToken cancellationToken)
    {
        if (envelope.Sender.Length == 0)
        {
            // RFC 5321 §4.5.5: nothing is ever returned to the null sender.
            _spool.Delete(envelope.Id);
            Log.DroppedNullSender(_logger, envelope.Id);
            return;
        }

        HeaderList? headers = null;
        await using (var file = _spool.OpenMessage(envelope.Id))
        {
            try
            {
                var parser = new MimeParser(file, MimeFormat.Entity);
                headers = await parser.ParseHeadersAsync(cancellationToken);
            }
            catch (FormatException)
            {
                // A message without parsable headers is still reported, just without them.
            }
        }

        using var report = DeliveryStatusReport.Create(envelope, headers, _hostName, _connector.Endpoint, _time.GetUtcNow());
        var error = await _dsn.AppendAsync(envelope.User, password, report, cancellationToken);
        if (error is null)
        {
            _spool.Delete(envelope.Id);
            Log.Reported(_logger, envelope.Id, envelope.User);
            return;
        }

        var attempts = envelope.Attempts + 1;
        var next = _time.GetUtcNow() + _schedule.DelayAfter(attempts);
        await _spool.WriteEnvelopeAsync(envelope with { Attempts = attempts, NextAttempt = next, LastError = $"DSN not stored: {error}" }, cancellationToken);
        Log.ReportFailed(_logger, envelope.Id, error);
    }

    private void OnCredentialsRemembered(object? sender, string user) => _signal.Set();

    private void OnQueueChanged(object sender, FileSystemEventArgs e) => _signal.Set();

    private static partial class Log
    {
        [LoggerMessage(3101, LogLevel.Information, "spool {Path}: {Removed} incomplete files removed, {Count} messages waiting")]
        public static partial void Recovered(ILogger logger, string path, int removed, int count);

        [LoggerMessage(3102, LogLevel.Information, "spool: delivered {Id} from {Sender} to {Recipients} as {Login}")]
        public static partial void Delivered(ILogger logger, string id, string sender, string recipients, string login);

        [LoggerMessage(3103, LogLevel.Information, "spool: {Id} deferred: {Reason}; next attempt {Next:u}")]
        public static partial void Deferred(ILogger logger, string id, string reason, DateTimeOffset next);

        [LoggerMessage(3104, LogLevel.Warning, "spool: {Id} expired; last error: {Reason}")]
        public static partial void Expired(ILogger logger, string id, string reason);

        [LoggerMessage(3105, LogLevel.Information, "spool: DSN for {Id} stored in the INBOX of {User}")]
        public static partial void Reported(ILogger logger, string id, string user);

        [LoggerMessage(3106, LogLevel.Warning, "spool: DSN for {Id} not stored: {Reason}")]
        public static partial void ReportFailed(ILogger logger, string id, string reason);

        [LoggerMessage(3107, LogLevel.Warning, "spool: {Problem}")]
        public static partial void Damaged(ILogger logger, string problem);

        [LoggerMessage(3108, LogLevel.Warning, "spool: {Id} cannot be read: {Reason}")]
        public static partial void MessageUnreadable(ILogger logger, string id, string reason);

        [LoggerMessage(3109, LogLevel.Error, "spool round failed: {Reason}")]
        public static partial void RoundFailed(ILogger logger, string reason);

        [LoggerMessage(3110, LogLevel.Information, "spool: {Id} failed and has the null sender; dropped without DSN")]
        public static partial void DroppedNullSender(ILogger logger, string id);
    }
}
