using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Listening;

/// <summary>
/// Accepts TCP connections on one endpoint and runs each on its handler, isolated from all others:
/// an exception in one session is logged and closes that session only.
/// </summary>
/// <remarks>
/// On shutdown it stops accepting, signals every session, and waits up to
/// <see cref="ShutdownGrace"/> for them to finish before closing their sockets.
/// </remarks>
public sealed partial class ListenerService : BackgroundService, IHostedLifecycleService
{
    private readonly IPEndPoint _endPoint;
    private readonly IConnectionHandler _handler;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // _sessions guards nothing but itself: the set of running session tasks, for shutdown.
    private readonly HashSet<Task> _sessions = [];
    private Socket? _listener;

    public ListenerService(string key, IPEndPoint endPoint, IConnectionHandler handler, ILogger<ListenerService> logger)
    {
        Key = key;
        _endPoint = endPoint;
        _handler = handler;
        _logger = logger;
    }

    /// <summary>The configuration key of this listener, e.g. <c>Listen:Imap</c>.</summary>
    public string Key { get; }

    /// <summary>How long running sessions get to finish after shutdown is requested.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Completes with the bound endpoint (the real port when 0 was configured), or faults if binding failed.</summary>
    public Task<IPEndPoint> Bound => _bound.Task;

    /// <summary>
    /// Binds before any hosted service starts: a port that cannot be had fails start-up before any listener
    /// accepts or any worker runs, and the host reports started (systemd's READY=1) only once every listener
    /// accepts connections.
    /// </summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        Bind();
        return Task.CompletedTask;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Started without the lifecycle (a test's own listener): bind now.
        Bind();
        return base.StartAsync(cancellationToken);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Dispose()
    {
        // Cancel first, so a pending accept ends as a stop, then close the socket.
        base.Dispose();
        _listener?.Dispose();
    }

    private void Bind()
    {
        if (_listener is not null)
        {
            return;
        }

        var listener = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (_endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                listener.DualMode = false;
            }

            listener.Bind(_endPoint);
            listener.Listen(512);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            Log.BindFailed(_logger, Key, _endPoint, e.Message);
            var failure = new InvalidOperationException($"{Key}: cannot listen on {_endPoint}: {e.Message}", e);
            _bound.TrySetException(failure);
            throw failure;
        }

        _listener = listener;
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        Log.Listening(_logger, Key, bound);
        _bound.TrySetResult(bound);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = _listener ?? throw new InvalidOperationException($"{Key}: ExecuteAsync before StartAsync");
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        using var sessionsCancel = new CancellationTokenSource();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(stoppingToken);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException e)
                {
                    // Note: a client that resets before accept completes must not stop the listener.
                    Log.AcceptFailed(_logger, Key, e.Message);
                    continue;
                }

                Track(RunSessionAsync(client, bound, sessionsCancel.Token));
            }
        }
        finally
        {
            // Closed at once: new clients are refused instead of waiting in the backlog through the grace period.
            listener.Dispose();
            await sessionsCancel.CancelAsync();
            Task[] running;
            lock (_sessions)
            {
                running = [.. _sessions];
            }

            if (running.Length > 0)
            {
                Log.WaitingForSessions(_logger, Key, running.Length);
                await Task.WhenAny(Task.WhenAll(running), Task.Delay(ShutdownGrace, CancellationToken.None));
            }
        }
    }

    private void Track(Task session)
    {
        lock (_sessions)
        {
            _sessions.Add(session);
        }

        session.ContinueWith(
            t =>
            {
                lock (_sessions)
                {
                    _sessions.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RunSessionAsync(Socket client, IPEndPoint local, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var sessionId = SessionIds.Next();
        var remote = (IPEndPoint)client.RemoteEndPoint!;
        using var scope = _logger.BeginScope(new KeyValuePair<string, object>[] { new("SessionId", sessionId), new("Client", remote.ToString()) });
        client.NoDelay = true;
        var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            Log.SessionStarted(_logger, Key, sessionId, remote);
            await _handler.HandleAsync(new ConnectionContext(sessionId, stream, remote, local, Key), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.SessionCancelled(_logger, sessionId);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Log.SessionIoEnded(_logger, sessionId, e.Message);
        }
#pragma warning disable CA1031 // The session boundary: a bug in one session must not take down the listener.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.SessionFailed(_logger, e, sessionId);
        }
        finally
        {
            await stream.DisposeAsync();
            Log.SessionEnded(_logger, sessionId);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "{Key} listening on {EndPoint}")]
        public static partial void Listening(ILogger logger, string key, IPEndPoint endPoint);

        [LoggerMessage(1002, LogLevel.Critical, "{Key} cannot listen on {EndPoint}: {Reason}")]
        public static partial void BindFailed(ILogger logger, string key, IPEndPoint endPoint, string reason);

        [LoggerMessage(1003, LogLevel.Warning, "{Key} accept failed: {Reason}")]
        public static partial void AcceptFailed(ILogger logger, string key, string reason);

        [LoggerMessage(1004, LogLevel.Information, "{Key} session {SessionId} from {Remote}")]
        public static partial void SessionStarted(ILogger logger, string key, string sessionId, IPEndPoint remote);

        [LoggerMessage(1005, LogLevel.Debug, "session {SessionId} ended")]
        public static partial void SessionEnded(ILogger logger, string sessionId);

        [LoggerMessage(1006, LogLevel.Information, "session {SessionId} closed by shutdown")]
        public static partial void SessionCancelled(ILogger logger, string sessionId);

        [LoggerMessage(1007, LogLevel.Information, "session {SessionId} connection lost: {Reason}")]
        public static partial void SessionIoEnded(ILogger logger, string sessionId, string reason);

        [LoggerMessage(1008, LogLevel.Error, "session {SessionId} failed with an unexpected error; other sessions are unaffected")]
        public static partial void SessionFailed(ILogger logger, Exception exception, string sessionId);

        [LoggerMessage(1009, LogLevel.Information, "{Key} waiting for {Count} sessions to finish")]
        public static partial void WaitingForSessions(ILogger logger, string key, int count);
    }
}
