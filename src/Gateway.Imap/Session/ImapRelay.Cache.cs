using System.Globalization;
using System.Text;
using Gateway.Core.Cache;
using Gateway.Imap.Cache;
using Gateway.Imap.Wire;
using Microsoft.Extensions.Logging;

namespace Gateway.Imap.Session;

/// <summary>The message cache's part of the relay: FETCH answered from disk where it can be.</summary>
/// <remarks>
/// <para>A client <c>[UID] FETCH</c> with cacheable items is not forwarded. Once every earlier command completed, the
/// relay pauses the upstream pump and talks to the server itself, one internal command at a time (see
/// <see cref="FetchPlan"/>): it learns which messages are cached, answers those from disk with the server's current
/// flags, and forwards the rest as the server sends them while copying their immutable items into the store. The
/// client sees one FETCH: the same untagged answers (item order aside) and the server's own completion text.</para>
/// <para>Pipelined commands after such a FETCH wait in the client pipe until it completes.</para>
/// </remarks>
internal sealed partial class ImapRelay
{
    // The items a cached FETCH may ask upstream besides the cacheable ones: all small, never literals.
    private static readonly HashSet<string> s_cacheCompatible = new(StringComparer.Ordinal) { "UID", "FLAGS", "MODSEQ" };

    private const int MaxMaterializedResponse = 1024 * 1024;

    private readonly MessageCacheContext? _cache;
    private MessageCacheMailbox? _selected;
    private PauseRequest? _pause;
    private TaskCompletionSource? _drained;
    private long _cacheHits;
    private long _cacheMisses;
    private long _cacheStored;

    private sealed class PauseRequest
    {
        public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Taken { get; set; }
    }

    /// <summary>A FETCH the cache can take part in, or null to forward the command as it is.</summary>
    private FetchRequest? TryCachedFetch(ReadOnlySpan<byte> line)
    {
        if (_cache is null)
        {
            return null;
        }

        lock (_lock)
        {
            if (_selected is null || _idleClientTag is not null)
            {
                return null;
            }
        }

        if (!FetchCommandParser.TryParse(line, out var request) || !request.AnyCacheable
            || !request.UpstreamItems.All(item => s_cacheCompatible.Contains(item.Name)))
        {
            return null;
        }

        return request;
    }

    /// <summary>Remembers the server-side mailbox a SELECT/EXAMINE opens (null: a name the cache cannot key on).</summary>
    private void OnSelectSent(PendingCommand command, ReadOnlySpan<byte> forwarded, bool hasLiteral)
    {
        string? mailbox = null;
        if (!hasLiteral)
        {
            using var parsed = ImapLines.TryParse(forwarded, command: true);
            if (parsed is not null && parsed.Count >= 3)
            {
                mailbox = parsed.GetString(2);
            }
        }

        lock (_lock)
        {
            // RFC 9051 §6.3.2: a SELECT deselects the current mailbox at once, whether or not it succeeds.
            _selected = null;
            command.SelectMailbox = mailbox;
        }
    }

    /// <summary><c>* OK [UIDVALIDITY n]</c> during a SELECT/EXAMINE.</summary>
    private void OnUidValidity(ReadOnlySpan<byte> line)
    {
        var rest = line["* OK [UIDVALIDITY "u8.Length..];
        var end = rest.IndexOf((byte)']');
        if (end <= 0 || !long.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return;
        }

        lock (_lock)
        {
            if (_pending.Find(p => p.Name is "SELECT" or "EXAMINE") is { } select)
            {
                select.UidValidity = value;
            }
        }
    }

    /// <summary>The tagged completion of a command: keeps the selected mailbox for the cache up to date.</summary>
    private void OnCompletedLocked(PendingCommand command, ReadOnlySpan<byte> line)
    {
        if (_cache is null)
        {
            return;
        }

        if (command.Name is "CLOSE" or "UNSELECT")
        {
            _selected = null;
            return;
        }

        if (command.Name is not ("SELECT" or "EXAMINE"))
        {
            return;
        }

        var space = line.IndexOf((byte)' ');
        var ok = space > 0 && line.Length >= space + 3 && Ascii.EqualsIgnoreCase(line.Slice(space + 1, 2), "OK"u8);
        _selected = ok && command.SelectMailbox is { } mailbox && command.UidValidity is { } validity
            ? new MessageCacheMailbox(_cache.UpstreamId, _cache.User, mailbox, validity)
            : null;
        if (_selected is { } selected)
        {
            _cache.Store.SetUidValidity(selected);
        }
    }

    /// <summary>Wakes a cached FETCH waiting for the commands before it (called after each upstream batch).</summary>
    private void SignalIfDrained()
    {
        lock (_lock)
        {
            if (_pending.Count == 0 && _drained is { } drained)
            {
                _drained = null;
                drained.TrySetResult();
            }
        }
    }

    /// <summary>The upstream pump's side of a pause: true when it paused and has been resumed.</summary>
    private async ValueTask PauseIfRequestedAsync(CancellationToken cancellationToken)
    {
        PauseRequest? pause;
        lock (_lock)
        {
            pause = _pause is { Taken: false } p ? p : null;
            if (pause is not null)
            {
                pause.Taken = true;
            }
        }

        if (pause is not null)
        {
            pause.Paused.TrySetResult();
            await pause.Resume.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Runs one cached FETCH; a non-null result ends the session.</summary>
    private async Task<SessionEndReason?> RunCachedFetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task drained;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    break;
                }

                _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                drained = _drained.Task;
            }

            await drained.WaitAsync(cancellationToken);
        }

        var pause = new PauseRequest();
        lock (_lock)
        {
            _pause = pause;
        }

        _upstream.Reader.CancelPendingRead();
        await pause.Paused.Task.WaitAsync(cancellationToken);
        await _clientWrite.WaitAsync(cancellationToken);
        await _upstreamWrite.WaitAsync(cancellationToken);
        try
        {
            MessageCacheMailbox? scope;
            lock (_lock)
            {
                scope = _selected;
            }

            var fetch = new CachedFetch(this, request, scope);
            await fetch.RunAsync(cancellationToken);
            await _client.Writer.FlushAsync(cancellationToken);
            return null;
        }
        catch (InvalidDataException e)
        {
            Log.UpstreamViolation(_logger, e.Message);
            return SessionEndReason.UpstreamFailed;
        }
        catch (EndOfStreamException)
        {
            return _logoutRequested ? SessionEndReason.ClientLoggedOut : SessionEndReason.UpstreamClosed;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            Log.UpstreamReadFailed(_logger, e.Message);
            return SessionEndReason.UpstreamFailed;
        }
        finally
        {
            _upstreamWrite.Release();
            _clientWrite.Release();
            lock (_lock)
            {
                _pause = null;
            }

            pause.Resume.TrySetResult();
        }
    }

    /// <summary>The session's cache counters, for the log at the end.</summary>
    private void LogCacheSummary()
    {
        if (_cache is not null && (_cacheHits > 0 || _cacheMisses > 0))
        {
            Log.CacheSummary(_logger, _cacheHits, _cacheMisses, _cacheStored);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2106, LogLevel.Information, "message cache: {Hits} messages answered from the cache, {Misses} fetched from the server, {Stored} items stored")]
        public static partial void CacheSummary(ILogger logger, long hits, long misses, long stored);
    }
}

/// <summary>What keys a session's cache entries: the store, the upstream's name and the logged-in user.</summary>
internal sealed record MessageCacheContext(MessageCacheStore Store, string UpstreamId, string User);
