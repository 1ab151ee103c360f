using Gateway.Core.Configuration;
using Gateway.Core.Upstream;
using Gateway.FreeBusy.Forwarders;
using Microsoft.Extensions.Logging;

namespace Gateway.FreeBusy.Store;

/// <summary>
/// What the FTP sessions and the forward worker share: the local store, the forward queue, the upstream
/// target, and the rule for which credentials to use upstream.
/// </summary>
internal sealed partial class FreeBusyService
{
    private readonly ICredentialStore _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public FreeBusyService(FreeBusyOptions options, IFreeBusyTarget? target, ICredentialStore credentials, TimeProvider time, ILogger<FreeBusyService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Target = target;
        _credentials = credentials;
        _time = time;
        _logger = logger;
        Store = new FreeBusyStore(options.Path);
        Queue = new ForwardQueue(options.Path);
        foreach (var unreadable in Queue.Unreadable)
        {
            Log.UnreadableJob(_logger, unreadable);
        }
    }

    public FreeBusyOptions Options { get; }

    public FreeBusyStore Store { get; }

    public ForwardQueue Queue { get; }

    public IFreeBusyTarget? Target { get; }

    public long MaxBytes => Options.MaxUploadKB * 1024L;

    public TimeProvider Time => _time;

    /// <summary>The credentials to use upstream on behalf of <paramref name="login"/>: the service account when configured, else the login's remembered password, else none.</summary>
    public UpstreamCredentials? CredentialsFor(string? login)
    {
        if (Options.ServiceUser is { } service)
        {
            return new UpstreamCredentials(service, Options.ServicePassword ?? "");
        }

        return login is not null && _credentials.TryGet(login, out var password) ? new UpstreamCredentials(login, password) : null;
    }

    /// <summary>Validates the flushed upload <paramref name="tempPath"/>; when valid, makes it the local copy of <paramref name="name"/> and queues it.</summary>
    /// <returns>The outcome and, when invalid, why.</returns>
    public async Task<(PublishOutcome Outcome, string? Reason)> PublishAsync(string tempPath, string name, string owner, CancellationToken cancellationToken)
    {
        await using (var content = new FileStream(tempPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, useAsync: true))
        {
            if (await FreeBusyValidator.ValidateAsync(content, cancellationToken) is { } reason)
            {
                FreeBusyStore.TryDelete(tempPath);
                Log.Refused(_logger, name, owner, reason);
                return (PublishOutcome.Invalid, reason);
            }
        }

        await Store.CommitAsync(tempPath, name);
        if (Target is not null)
        {
            await Queue.EnqueueAsync(name, owner, ForwardAction.Put, Store.TryGet(name)!.FullName, _time.GetUtcNow(), cancellationToken);
        }

        Log.Stored(_logger, name, owner);
        return (PublishOutcome.Stored, null);
    }

    /// <summary>Deletes the local copy and queues the delete upstream; false when there was no local copy.</summary>
    public async Task<bool> DeleteAsync(string name, string owner, CancellationToken cancellationToken)
    {
        if (!Store.Delete(name))
        {
            return false;
        }

        if (Target is not null)
        {
            await Queue.EnqueueAsync(name, owner, ForwardAction.Delete, null, _time.GetUtcNow(), cancellationToken);
        }

        Log.Deleted(_logger, name, owner);
        return true;
    }

    /// <summary>
    /// Finds <paramref name="name"/>: from the upstream first (within <c>FreeBusy:LookupTimeoutSeconds</c>), unless a
    /// newer local copy waits to be forwarded; then the local copy. Null when neither has it.
    /// </summary>
    public async Task<LookupResult?> LookupAsync(string name, string? login, CancellationToken cancellationToken)
    {
        if (Target is not null && !Queue.IsPending(name))
        {
            var temp = Store.CreateTemp(out var tempPath);
            var found = false;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(Options.LookupTimeoutSeconds));
                await using (temp)
                {
                    found = await Target.TryGetAsync(name, CredentialsFor(login), temp, MaxBytes, timeout.Token);
                }

                if (found)
                {
                    Log.LookedUp(_logger, name, Target.Description);
                    return new LookupResult(name, tempPath, new FileInfo(tempPath).Length, _time.GetUtcNow(), FromUpstream: true);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Log.LookupFailed(_logger, name, Target.Description, $"no answer in {Options.LookupTimeoutSeconds} s");
            }
            catch (Exception e) when (IsUpstreamFailure(e))
            {
                Log.LookupFailed(_logger, name, Target.Description, e.Message);
            }
            finally
            {
                if (!found)
                {
                    FreeBusyStore.TryDelete(tempPath);
                }
            }
        }

        return Store.TryGet(name) is { } local
            ? new LookupResult(name, local.FullName, local.Length, local.LastWriteTimeUtc, FromUpstream: false)
            : null;
    }

    /// <summary>Whether <paramref name="exception"/> is an upstream or network failure rather than a bug.</summary>
    public static bool IsUpstreamFailure(Exception exception) => exception is FreeBusyUpstreamException or IOException
        or System.Net.Sockets.SocketException or TimeoutException or System.Security.Authentication.AuthenticationException
        or InvalidDataException or HttpRequestException or MailKit.ProtocolException or MailKit.CommandException
        or MailKit.Security.AuthenticationException or MailKit.Security.SaslException or MailKit.Net.Imap.ImapCommandException
        or UnauthorizedAccessException or NotSupportedException;

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "stored {Name} published by {Owner}")]
        public static partial void Stored(ILogger logger, string name, string owner);

        [LoggerMessage(4002, LogLevel.Information, "refused {Name} from {Owner}: {Reason}")]
        public static partial void Refused(ILogger logger, string name, string owner, string reason);

        [LoggerMessage(4003, LogLevel.Information, "deleted {Name} on behalf of {Owner}")]
        public static partial void Deleted(ILogger logger, string name, string owner);

        [LoggerMessage(4004, LogLevel.Debug, "looked up {Name} at {Target}")]
        public static partial void LookedUp(ILogger logger, string name, string target);

        [LoggerMessage(4005, LogLevel.Information, "lookup of {Name} at {Target} failed, serving the local copy if any: {Reason}")]
        public static partial void LookupFailed(ILogger logger, string name, string target, string reason);

        [LoggerMessage(4006, LogLevel.Error, "forward queue file {File} cannot be read; it is left in place")]
        public static partial void UnreadableJob(ILogger logger, string file);
    }
}
