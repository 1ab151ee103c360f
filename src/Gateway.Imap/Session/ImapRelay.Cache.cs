using System.Buffers;
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
/// <para>A UID FETCH that only asks cached items of messages whose numbers the relay has learned (<see cref="MessageNumbers"/>:
/// from the FETCH answers it read, kept true through every EXPUNGE it forwarded) and that does not set <c>\Seen</c> is
/// answered without the server at all: the number is the one the client knows, and a message expunged by another session
/// but not yet reported to this one may still be fetched (RFC 9051 §7.5.1).</para>
/// </remarks>
internal sealed partial class ImapRelay
{
    // The items a cached FETCH may ask upstream besides the cacheable ones: all small, never literals.
    private static readonly HashSet<string> s_cacheCompatible = new(StringComparer.Ordinal) { "UID", "FLAGS", "MODSEQ" };

    private const int MaxMaterializedResponse = 1024 * 1024;

    // The most messages a FETCH answered without the server may name.
    private const int MaxLocalAnswers = 1024;

    private readonly MessageCacheContext? _cache;

    // The selected mailbox's message numbers as the client knows them (guarded by _lock).
    private readonly MessageNumbers _numbers = new();
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
            _numbers.Clear();
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
            _numbers.Clear();
            return;
        }

        if (command.Name is not ("SELECT" or "EXAMINE"))
        {
            return;
        }

        _numbers.Clear();
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

        if (await TryAnswerLocallyAsync(request, cancellationToken) is { } rest)
        {
            if (rest.Length == 0)
            {
                return null;
            }

            // An entry went missing or failed its check after planning: the rest goes the usual way.
            request = request with { Set = SequenceSet.TryParse(rest, out var set) ? set : request.Set, SetText = rest };
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

    /// <summary>A message number and UID pair seen in a FETCH answer from the server.</summary>
    private void LearnNumber(long number, long uid)
    {
        lock (_lock)
        {
            _numbers.Learn(number, uid);
        }
    }

    /// <summary>
    /// Answers a UID FETCH from the cache alone when every message it names is cached and its number known, and nothing
    /// it asks needs the server (no FLAGS, no \Seen to set, no modifiers). Null: not possible, nothing was written. Else
    /// the UIDs still to fetch the usual way (empty when the command was answered and completed).
    /// </summary>
    private async Task<string?> TryAnswerLocallyAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        if (!request.IsUid || request.SetsSeen || request.WantsFlags || request.Modifiers.Length > 0 || request.Set.HasStar
            || request.UpstreamItems.Any(item => item.Name != "UID")
            || request.Set.Ranges.Sum(r => r.End - r.Start + 1) > MaxLocalAnswers)
        {
            return null;
        }

        await _clientWrite.WaitAsync(cancellationToken);
        try
        {
            // Holding the client's write lock: no EXPUNGE reaches the client (and the map) until this answer is out.
            MessageCacheMailbox scope;
            var numbers = new Dictionary<long, long>();
            lock (_lock)
            {
                if (_selected is not { } selected || _pending.Count > 0 || _idleClientTag is not null || _upstreamMidResponse)
                {
                    return null;
                }

                scope = selected;
                foreach (var (start, end) in request.Set.Ranges)
                {
                    for (var uid = start; uid <= end; uid++)
                    {
                        if (!_numbers.TryGetNumber(uid, out var number))
                        {
                            return null;
                        }

                        numbers[uid] = number;
                    }
                }
            }

            if (numbers.Count == 0)
            {
                return null;
            }

            var store = _cache!.Store;
            var plan = FetchPlanner.PlanUid(request, numbers.Keys, (uid, key) => store.Contains(scope.Key(uid, key)));
            if (plan.Hits.Count != numbers.Count)
            {
                return null;
            }

            var output = new BatchingPipeStream(_client.Writer);
            var failed = new List<long>();
            foreach (var uid in plan.Hits)
            {
                var number = numbers[uid];
                var known = new FetchResponse(number, [new FetchResponseItem("UID", Encoding.ASCII.GetBytes($"UID {uid}"))]);
                if (await FetchResponseComposer.TryWriteAsync(output, number, request, known, key => store.TryOpenAsync(scope.Key(uid, key), cancellationToken), cancellationToken))
                {
                    _cacheHits++;
                }
                else
                {
                    failed.Add(uid);
                }
            }

            if (failed.Count > 0)
            {
                await _client.Writer.FlushAsync(cancellationToken);
                return SequenceSet.Format(failed);
            }

            _client.Writer.Write(Encoding.UTF8.GetBytes($"{request.Tag} OK Fetch completed\r\n"));
            await _client.Writer.FlushAsync(cancellationToken);
            return "";
        }
        finally
        {
            _clientWrite.Release();
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
