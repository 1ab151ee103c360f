using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Imap.Acl;
using Gateway.Imap.Hierarchy;
using Gateway.Imap.Transforms;
using Gateway.Imap.Wire;
using Microsoft.Extensions.Logging;

namespace Gateway.Imap.Session;

/// <summary>
/// The authenticated half of a session: two pumps copy client commands upstream and upstream
/// responses to the client, byte for byte unless a transform rewrites a line.
/// </summary>
/// <remarks>
/// <para>Order: <see cref="PendingCommand"/>s keep client tags in order, so a command the gateway answers
/// itself never overtakes one sent upstream.</para>
/// <para>Literals: a synchronising literal's bytes are copied only after the upstream's <c>+</c>
/// (relayed to the client) — or skipped if the upstream rejects the command first; large literals
/// stream through in pieces.</para>
/// <para>IDLE: Outlook never ends IDLE, so the gateway ends and re-issues it upstream every
/// <c>Imap:IdleRefreshSeconds</c> with its own tag, invisibly to the client (RFC 2177 §3).</para>
/// <para>DelayNewMail: EXISTS/RECENT outside IDLE wait for the client's next NOOP, CHECK or IDLE
/// (Dovecot's <c>delay-newmail</c>, for Outlook Express). EXPUNGE is never held: holding it would
/// shift sequence numbers under the client; the server already withholds it during FETCH, STORE
/// and SEARCH (RFC 3501 §7.4.1).</para>
/// </remarks>
internal sealed partial class ImapRelay : IDisposable
{
    private static readonly SearchValues<byte> s_tagSpecials = SearchValues.Create("+(){%*\"\\]"u8);

    private const string InternalTagPrefix = "SCOGW";

    private readonly ImapPipes _client;
    private readonly ImapPipes _upstream;
    private readonly ImapTransformPipeline _transforms;
    private readonly HierarchySession? _hierarchy;
    private readonly AclSession? _acl;
    private readonly ImapOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    // The two pumps, the watchdog and local replies all write; each writer takes its semaphore.
    private readonly SemaphoreSlim _clientWrite = new(1, 1);
    private readonly SemaphoreSlim _upstreamWrite = new(1, 1);

    // _lock guards everything below: the pending commands, the IDLE state and held notifications.
    private readonly Lock _lock = new();
    private readonly List<PendingCommand> _pending = [];
    private PendingCommand? _awaitingContinuation;
    private string? _idleClientTag;
    private string? _idleUpstreamTag;
    private bool _idleActive;
    private bool _idleEnding;
    private bool _clientDoneDuringRefresh;
    private IdleRefresh _refresh;
    private DateTimeOffset _idleSince;
    private long? _heldExists;
    private long? _heldRecent;
    private int _internalTags;
    private bool _logoutRequested;
    private bool _byeForwarded;

    // The upstream pump stopped inside a response (in a literal); guarded by _clientWrite.
    private bool _upstreamMidResponse;
    private long _lastClientActivity;

    public ImapRelay(ImapPipes client, ImapPipes upstream, ImapTransformPipeline transforms, ImapOptions options, ILogger logger, TimeProvider time, HierarchySession? hierarchy = null, AclSession? acl = null, MessageCacheContext? cache = null)
    {
        _cache = cache;
        _acl = acl;
        _hierarchy = hierarchy;
        _client = client;
        _upstream = upstream;
        _transforms = transforms;
        _options = options;
        _logger = logger;
        _time = time;
        _lastClientActivity = time.GetTimestamp();
    }

    private enum IdleRefresh
    {
        None,

        /// <summary>The gateway sent DONE and waits for the completion of the upstream IDLE.</summary>
        DoneSent,

        /// <summary>The gateway sent its own IDLE and waits for the continuation.</summary>
        IdleSent,
    }

    public void Dispose()
    {
        _clientWrite.Dispose();
        _upstreamWrite.Dispose();
    }

    public async Task<SessionEndReason> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clientPump = ClientToUpstreamAsync(stop.Token);
        var upstreamPump = UpstreamToClientAsync(stop.Token);
        var watchdog = WatchdogAsync(stop.Token);
        var first = await Task.WhenAny(clientPump, upstreamPump, watchdog);
        var reason = cancellationToken.IsCancellationRequested ? SessionEndReason.Shutdown : await first;
        await stop.CancelAsync();
        await Task.WhenAll(Quietly(clientPump), Quietly(upstreamPump), Quietly(watchdog));

        switch (reason)
        {
            case SessionEndReason.UpstreamClosed or SessionEndReason.UpstreamFailed when !_byeForwarded:
                await TellClientAsync("* BYE [UNAVAILABLE] The connection to the mail server was lost; please reconnect");
                break;
            case SessionEndReason.Shutdown:
                await TellClientAsync("* BYE The gateway is shutting down; please reconnect");
                await LogoutUpstreamAsync();
                break;
            case SessionEndReason.Timeout:
                await TellClientAsync("* BYE Autologout; idle for too long");
                await LogoutUpstreamAsync();
                break;
            case SessionEndReason.ClientClosed or SessionEndReason.ProtocolViolation:
                await LogoutUpstreamAsync();
                break;
        }

        LogCacheSummary();
        Log.RelayEnded(_logger, reason);
        return reason;
    }

    private static async Task<SessionEndReason> Quietly(Task<SessionEndReason> task)
    {
        try
        {
            return await task;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            return SessionEndReason.Shutdown;
        }
    }

    private async Task<SessionEndReason> ClientToUpstreamAsync(CancellationToken cancellationToken)
    {
        var continuation = false;
        long literalRemaining = 0;
        var discardLiteral = false;
        var dropping = false;
        PendingCommand? current = null;
        // A line that straddles two pipe buffers (rare) is copied into a new array; an idle session keeps none.
        var scratch = Array.Empty<byte>();
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _client.Reader.ReadAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                return SessionEndReason.ClientClosed;
            }

            Interlocked.Exchange(ref _lastClientActivity, _time.GetTimestamp());
            var buffer = result.Buffer;
            var needMore = true;
            PendingCommand? gate = null;
            Cache.FetchRequest? cachedFetch = null;
            await _upstreamWrite.WaitAsync(cancellationToken);
            try
            {
                while (true)
                {
                    if (literalRemaining > 0)
                    {
                        if (buffer.IsEmpty)
                        {
                            break;
                        }

                        var take = Math.Min(literalRemaining, buffer.Length);
                        if (!discardLiteral)
                        {
                            Copy(buffer.Slice(0, take), _upstream.Writer);
                        }

                        buffer = buffer.Slice(take);
                        literalRemaining -= take;
                        continue;
                    }

                    var status = ImapSegmentReader.TryRead(ref buffer, _client.Limits, serverResponse: false, continuation, out var segment);
                    if (status == SegmentStatus.NeedMoreData)
                    {
                        break;
                    }

                    if (status != SegmentStatus.Done)
                    {
                        _client.Reader.AdvanceTo(buffer.Start);
                        await TellClientAsync(status == SegmentStatus.LineTooLong
                            ? $"* BYE [TOOBIG] Command line longer than {_client.Limits.MaxLineLength} octets"
                            : $"* BYE [TOOBIG] Literal larger than {_client.Limits.MaxLiteralSize} octets");
                        return SessionEndReason.ProtocolViolation;
                    }

                    var line = segment.Line(scratch);
                    var forward = !(continuation && dropping);
                    string? rewritten = null;
                    byte[]? rewrittenBytes = null;
                    if (!continuation)
                    {
                        current = null;
                        discardLiteral = false;
                        if (!TryParseCommand(line, out var tag, out var name))
                        {
                            await TellClientAsync("* BAD Invalid command: expected a tag and a command name");
                            forward = false;
                        }
                        else if (IsIdleLine(name, out var idleForward))
                        {
                            forward = idleForward;
                        }
                        else if (LocalReply(tag, name) is { } reply)
                        {
                            forward = false;
                            discardLiteral = true;
                            current = Enqueue(new PendingCommand(tag, name, reply));
                            await DrainLocalRepliesAsync(lockHeld: false);
                        }
                        else
                        {
                            switch (_hierarchy is not null && HierarchySession.Concerns(name) ? Decide(segment.Bytes.ToArray(), tag) : HierarchyDecision.Forward.Instance)
                            {
                                case HierarchyDecision.Reply hierarchyReply:
                                    forward = false;
                                    discardLiteral = true;
                                    current = Enqueue(new PendingCommand(tag, name, hierarchyReply.Lines));
                                    await DrainLocalRepliesAsync(lockHeld: false);
                                    break;
                                case HierarchyDecision.Expand expand:
                                    forward = false;
                                    current = Enqueue(StartExpansion(tag, name, expand.Plan));
                                    break;
                                case HierarchyDecision.Rewrite rewrite:
                                    current = Enqueue(new PendingCommand(tag, name, null));
                                    rewrittenBytes = rewrite.Bytes;
                                    break;
                                default:
                                    if (name == "FETCH" && segment.Literal is null && TryCachedFetch(line) is { } request)
                                    {
                                        forward = false;
                                        cachedFetch = request;
                                        break;
                                    }

                                    current = Enqueue(new PendingCommand(tag, name, null));
                                    if (segment.Literal is null)
                                    {
                                        rewritten = _transforms.RewriteCommand(name, line);
                                    }

                                    break;
                            }

                            if (_cache is not null && current is not null && name is "SELECT" or "EXAMINE")
                            {
                                OnSelectSent(current, rewrittenBytes ?? segment.Bytes.ToArray(), segment.Literal is not null);
                            }
                        }
                    }

                    if (forward)
                    {
                        if (rewrittenBytes is not null)
                        {
                            _upstream.Writer.Write(rewrittenBytes);
                        }
                        else if (rewritten is not null)
                        {
                            _upstream.Writer.Write(Encoding.UTF8.GetBytes(rewritten + "\r\n"));
                        }
                        else
                        {
                            Copy(segment.Bytes, _upstream.Writer);
                        }
                    }

                    continuation = segment.Literal is not null;
                    dropping = continuation && !forward;
                    if (segment.Literal is { } literal)
                    {
                        if (!literal.NonSynchronizing && (!forward || current is null))
                        {
                            // Rejected locally: the client waits for a continuation that never comes.
                            continuation = false;
                        }
                        else if (!literal.NonSynchronizing)
                        {
                            current!.LiteralGate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                            lock (_lock)
                            {
                                _awaitingContinuation = current;
                            }

                            gate = current;
                            literalRemaining = literal.Length;
                            needMore = false;
                            break;
                        }
                        else
                        {
                            literalRemaining = literal.Length;
                            discardLiteral = !forward;
                        }
                    }

                    if (cachedFetch is not null)
                    {
                        // Run it with the upstream connection to itself; later commands stay in the pipe meanwhile.
                        needMore = false;
                        break;
                    }
                }

                if (needMore)
                {
                    _client.Reader.AdvanceTo(buffer.Start, buffer.End);
                }
                else
                {
                    _client.Reader.AdvanceTo(buffer.Start);
                }

                await _upstream.Writer.FlushAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                return SessionEndReason.UpstreamFailed;
            }
            finally
            {
                _upstreamWrite.Release();
            }

            if (cachedFetch is not null && await RunCachedFetchAsync(cachedFetch, cancellationToken) is { } ended)
            {
                return ended;
            }

            if (gate is not null && !await gate.LiteralGate!.Task.WaitAsync(cancellationToken))
            {
                // The server refused the command before its literal; the client sends none.
                literalRemaining = 0;
                continuation = false;
            }

            if (result.IsCompleted && buffer.IsEmpty)
            {
                return SessionEndReason.ClientClosed;
            }
        }
    }

    private async Task<SessionEndReason> UpstreamToClientAsync(CancellationToken cancellationToken)
    {
        var continuation = false;
        long literalRemaining = 0;
        var dropping = false;
        // A line that straddles two pipe buffers (rare) is copied into a new array; an idle session keeps none.
        var scratch = Array.Empty<byte>();
        while (true)
        {
            if (literalRemaining == 0 && !continuation)
            {
                await PauseIfRequestedAsync(cancellationToken);
            }

            ReadResult result;
            try
            {
                result = await _upstream.Reader.ReadAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                Log.UpstreamReadFailed(_logger, e.Message);
                return SessionEndReason.UpstreamFailed;
            }

            var buffer = result.Buffer;
            await _clientWrite.WaitAsync(cancellationToken);
            try
            {
                while (true)
                {
                    if (literalRemaining > 0)
                    {
                        if (buffer.IsEmpty)
                        {
                            break;
                        }

                        var take = Math.Min(literalRemaining, buffer.Length);
                        if (!dropping)
                        {
                            Copy(buffer.Slice(0, take), _client.Writer);
                        }

                        buffer = buffer.Slice(take);
                        literalRemaining -= take;
                        continue;
                    }

                    var status = ImapSegmentReader.TryRead(ref buffer, _upstream.Limits, serverResponse: true, continuation, out var segment);
                    if (status == SegmentStatus.NeedMoreData)
                    {
                        break;
                    }

                    if (status != SegmentStatus.Done)
                    {
                        Log.UpstreamViolation(_logger, status.ToString());
                        _upstream.Reader.AdvanceTo(buffer.Start);
                        return SessionEndReason.UpstreamFailed;
                    }

                    var line = segment.Line(scratch);
                    var forward = !(continuation && dropping);
                    string? rewritten = null;
                    if (!continuation)
                    {
                        (forward, rewritten) = OnUpstreamLine(line, segment.Literal is null);
                    }

                    dropping = segment.Literal is not null && !forward;

                    if (forward)
                    {
                        if (rewritten is not null)
                        {
                            _client.Writer.Write(Encoding.UTF8.GetBytes(rewritten + "\r\n"));
                        }
                        else
                        {
                            Copy(segment.Bytes, _client.Writer);
                        }
                    }

                    continuation = segment.Literal is not null;
                    if (segment.Literal is { } literal)
                    {
                        literalRemaining = literal.Length;
                    }

                    if (!continuation)
                    {
                        await DrainLocalRepliesAsync(lockHeld: true);
                    }
                }

                _upstreamMidResponse = literalRemaining > 0 || continuation;
                _upstream.Reader.AdvanceTo(buffer.Start, buffer.End);
                await _client.Writer.FlushAsync(cancellationToken);
                SignalIfDrained();
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                return SessionEndReason.ClientClosed;
            }
            finally
            {
                _clientWrite.Release();
            }

            if (result.IsCompleted)
            {
                return _logoutRequested ? SessionEndReason.ClientLoggedOut : SessionEndReason.UpstreamClosed;
            }
        }
    }

    /// <summary>Decides what to do with one whole upstream line: forward, drop, or rewrite.</summary>
    private (bool Forward, string? Rewritten) OnUpstreamLine(ReadOnlySpan<byte> line, bool wholeLine)
    {
        if (line.Length > 0 && line[0] == (byte)'+')
        {
            return OnContinuation();
        }

        if (line.Length > 1 && line[0] == (byte)'*')
        {
            return OnUntagged(line, wholeLine);
        }

        var space = line.IndexOf((byte)' ');
        var tag = Encoding.ASCII.GetString(space < 0 ? line : line[..space]);
        string? prefix = null;
        string? rewrittenTag = null;
        string? completedName = null;
        bool forward;
        lock (_lock)
        {
            if (OnExpansionTaggedLocked(tag, line) is { } expansionResult)
            {
                return expansionResult;
            }

            forward = OnTaggedLocked(tag, ref rewrittenTag);
            var command = _pending.Find(p => p.Tag == (rewrittenTag ?? tag));
            if (forward && command is not null)
            {
                _pending.Remove(command);
                command.LiteralGate?.TrySetResult(false);
                if (_awaitingContinuation == command)
                {
                    _awaitingContinuation = null;
                }

                prefix = ReleaseHeldLocked(command.Name);
                completedName = command.Name;
                OnCompletedLocked(command, line);
                if (command.Name == "LOGOUT")
                {
                    _logoutRequested = true;
                }
            }
        }

        if (!forward)
        {
            return (false, null);
        }

        if (prefix is not null)
        {
            _client.Writer.Write(Encoding.ASCII.GetBytes(prefix));
        }

        var transformed = wholeLine ? _transforms.RewriteResponse(line) : null;
        if (_acl is not null && wholeLine && completedName is "SETACL" or "DELETEACL")
        {
            lock (_lock)
            {
                transformed = _acl.RewriteTagged(WithCrlf(line)) ?? transformed;
            }
        }
        if (rewrittenTag is not null)
        {
            var text = transformed ?? Encoding.UTF8.GetString(line);
            transformed = rewrittenTag + text[text.IndexOf(' ', StringComparison.Ordinal)..];
        }

        return (true, transformed);
    }

    private (bool, string?) OnContinuation()
    {
        string? held = null;
        var sendDone = false;
        lock (_lock)
        {
            if (_refresh == IdleRefresh.IdleSent)
            {
                _refresh = IdleRefresh.None;
                _idleSince = _time.GetUtcNow();
                sendDone = _clientDoneDuringRefresh;
                _idleEnding = sendDone;
            }
            else if (_awaitingContinuation is { } waiting)
            {
                _awaitingContinuation = null;
                waiting.LiteralGate?.TrySetResult(true);
                return (true, null);
            }
            else
            {
                if (_idleClientTag is not null && !_idleActive)
                {
                    _idleActive = true;
                    _idleSince = _time.GetUtcNow();
                    held = ReleaseHeldLocked("IDLE");
                }

                if (held is not null)
                {
                    _client.Writer.Write(Encoding.ASCII.GetBytes(held));
                }

                return (true, null);
            }
        }

        if (sendDone)
        {
            // The client ended IDLE while the gateway was re-issuing it: end the new one at once.
            _ = WriteUpstreamAsync("DONE", CancellationToken.None);
        }

        return (false, null);
    }

    private (bool, string?) OnUntagged(ReadOnlySpan<byte> line, bool wholeLine)
    {
        if (_cache is not null && line.StartsWith("* OK [UIDVALIDITY "u8))
        {
            OnUidValidity(line);
        }

        // * n EXISTS / * n RECENT / * n EXPUNGE (RFC 3501 §7.3.1, §7.3.2, §7.4.1)
        if (TryParseNumbered(line, out var number, out var what))
        {
            lock (_lock)
            {
                var hold = _options.DelayNewMail && !_idleActive && !_pending.Exists(p => p.Name is "SELECT" or "EXAMINE");
                if (what == "EXISTS" && hold)
                {
                    _heldExists = number;
                    return (false, null);
                }

                if (what == "RECENT" && hold)
                {
                    _heldRecent = number;
                    return (false, null);
                }

                if (what == "EXPUNGE")
                {
                    _numbers.Expunge(number);
                    if (_heldExists is > 0)
                    {
                        _heldExists--;
                    }
                }
            }
        }
        else if (line.Length > 10 && Ascii.EqualsIgnoreCase(line[2..10], "VANISHED"u8))
        {
            // QRESYNC (RFC 7162 §3.2.10) reports expunges by UID: the numbers are no longer known.
            lock (_lock)
            {
                _numbers.Clear();
            }
        }
        else if (line.Length > 5 && line[2..].StartsWith("BYE"u8))
        {
            _byeForwarded = true;
        }
        else if (OnHierarchyUntagged(line, wholeLine) is { } hierarchy)
        {
            return hierarchy;
        }

        return (true, wholeLine ? _transforms.RewriteResponse(line) : null);
    }

    /// <summary>Handles tagged completions of IDLE and of the gateway's own IDLE; false drops the line.</summary>
    private bool OnTaggedLocked(string tag, ref string? rewrittenTag)
    {
        if (tag != _idleUpstreamTag)
        {
            return !tag.StartsWith(InternalTagPrefix, StringComparison.Ordinal);
        }

        if (_refresh == IdleRefresh.DoneSent)
        {
            if (!_clientDoneDuringRefresh)
            {
                // The old IDLE ended on the gateway's DONE: start the next one, unseen by the client.
                _idleUpstreamTag = $"{InternalTagPrefix}{++_internalTags}";
                _refresh = IdleRefresh.IdleSent;
                _ = WriteUpstreamAsync($"{_idleUpstreamTag} IDLE", CancellationToken.None);
                return false;
            }

            _refresh = IdleRefresh.None;
        }

        if (tag != _idleClientTag)
        {
            rewrittenTag = _idleClientTag;
        }

        _idleClientTag = null;
        _idleUpstreamTag = null;
        _idleActive = false;
        _idleEnding = false;
        _clientDoneDuringRefresh = false;
        return true;
    }

    /// <summary>IDLE bookkeeping for a client line; true when it is part of IDLE, with whether to forward it.</summary>
    private bool IsIdleLine(string name, out bool forward)
    {
        forward = true;
        lock (_lock)
        {
            if (_idleClientTag is null)
            {
                return false;
            }

            // The only line a client may send during IDLE is DONE (RFC 2177 §3).
            if (name != "DONE")
            {
                return false;
            }

            if (_refresh != IdleRefresh.None)
            {
                _clientDoneDuringRefresh = true;
                forward = false;
            }
            else
            {
                _idleEnding = true;
            }

            return true;
        }
    }

    /// <summary>The folder hierarchy's decision on a command, then the ACL layer's on the (mapped) command.</summary>
    private HierarchyDecision Decide(byte[] segment, string tag)
    {
        var decision = _hierarchy?.Decide(segment, tag) ?? HierarchyDecision.Forward.Instance;
        if (_acl is null || decision is not (HierarchyDecision.Forward or HierarchyDecision.Rewrite))
        {
            return decision;
        }

        AclDecision acl;
        lock (_lock)
        {
            acl = _acl.Decide((decision as HierarchyDecision.Rewrite)?.Bytes ?? segment, tag);
        }

        return acl switch
        {
            AclDecision.Reply reply => new HierarchyDecision.Reply(reply.Line),
            AclDecision.Rewrite rewrite => new HierarchyDecision.Rewrite(rewrite.Bytes),
            _ => decision,
        };
    }

    /// <summary>
    /// Writes the server queries of a hierarchy LIST/LSUB (the caller holds the upstream writer) and returns the
    /// pending command that completes when the last of them does.
    /// </summary>
    private PendingCommand StartExpansion(string tag, string name, ListPlan plan)
    {
        var expansion = new ListExpansion(plan.CreateCollector(_hierarchy!.IsSelectable), name);
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (var query in plan.Queries)
            {
                var internalTag = $"{InternalTagPrefix}L{++_internalTags}";
                expansion.Outstanding.Add(internalTag);
                text.Append(internalTag).Append(' ').Append(query.Command).Append(" \"\" ").Append(ImapQuoting.Quoted(query.WirePattern)).Append("\r\n");
            }
        }

        _upstream.Writer.Write(Encoding.ASCII.GetBytes(text.ToString()));
        return new PendingCommand(tag, name, null) { Expansion = expansion };
    }

    /// <summary>A tagged completion of one of the gateway's LIST/LSUB queries: null when the tag is not one.</summary>
    private (bool Forward, string? Rewritten)? OnExpansionTaggedLocked(string tag, ReadOnlySpan<byte> line)
    {
        var command = _pending.Find(p => p.Expansion?.Outstanding.Contains(tag) == true);
        if (command?.Expansion is not { } expansion)
        {
            return null;
        }

        expansion.Outstanding.Remove(tag);
        var status = line.Length > tag.Length + 1 ? Encoding.UTF8.GetString(line[(tag.Length + 1)..]) : "NO";
        if (status.StartsWith("OK", StringComparison.OrdinalIgnoreCase))
        {
            expansion.Succeeded++;
        }
        else
        {
            expansion.Failure ??= status;
        }

        if (expansion.Outstanding.Count > 0)
        {
            return (false, null);
        }

        _pending.Remove(command);
        if (expansion.Succeeded == 0)
        {
            return (true, $"{command.Tag} {expansion.Failure}");
        }

        var entries = expansion.Collector.Complete();
        if (expansion.Command == "LIST")
        {
            _hierarchy!.Observe(entries);
        }

        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append("* ").Append(expansion.Command).Append(" (").AppendJoin(' ', entry.Attributes).Append(") \"")
                .Append(HierarchyMap.ClientDelimiter).Append("\" ").Append(ImapQuoting.Quoted(entry.WireName)).Append("\r\n");
        }

        text.Append(command.Tag).Append(" OK ").Append(expansion.Command).Append(" completed");
        return (true, text.ToString());
    }

    /// <summary>Hierarchy handling of an untagged line: null when it is not the hierarchy's business.</summary>
    private (bool Forward, string? Rewritten)? OnHierarchyUntagged(ReadOnlySpan<byte> line, bool wholeLine)
    {
        if (_hierarchy is null || line.Length < 8)
        {
            return null;
        }

        var body = line[2..];
        if (_acl is not null && wholeLine && (body.StartsWith("ACL "u8) || body.StartsWith("MYRIGHTS "u8) || body.StartsWith("LISTRIGHTS "u8) || body.StartsWith("OK [MYRIGHTS "u8)))
        {
            string? rights;
            lock (_lock)
            {
                rights = _acl.RewriteUntagged(WithCrlf(line));
            }

            if (rights is not null)
            {
                var mapped = body.StartsWith("OK "u8) ? null : _hierarchy.RewriteUntagged(WithCrlf(Encoding.UTF8.GetBytes(rights)));
                return mapped switch
                {
                    "" => (false, null),
                    null => (true, rights),
                    _ => (true, mapped),
                };
            }
        }

        var list = body.StartsWith("LIST "u8) || body.StartsWith("LSUB "u8);
        if (!list && !(body.StartsWith("STATUS "u8) || body.StartsWith("MYRIGHTS "u8) || body.StartsWith("ACL "u8)
            || body.StartsWith("LISTRIGHTS "u8) || body.StartsWith("QUOTAROOT "u8)))
        {
            return null;
        }

        if (!wholeLine)
        {
            // A mailbox name sent as a literal: it cannot be mapped here, and must not reach the client unmapped.
            Log.UnmappableResponse(_logger, Encoding.UTF8.GetString(line));
            return (false, null);
        }

        var withCrlf = WithCrlf(line);
        if (list)
        {
            ListExpansion? expansion;
            lock (_lock)
            {
                expansion = _pending.Find(p => p.Expansion is { Outstanding.Count: > 0 })?.Expansion;
            }

            if (expansion is not null)
            {
                using var parsed = ImapLines.TryParse(withCrlf, command: false);
                if (parsed is not null && HierarchySession.TryParseList(parsed, out var wireName, out var attributes))
                {
                    expansion.Collector.AddWire(wireName, attributes);
                }

                return (false, null);
            }
        }

        return _hierarchy.RewriteUntagged(withCrlf) switch
        {
            null => null,
            "" => (false, null),
            var rewritten => (true, rewritten),
        };
    }

    private static byte[] WithCrlf(ReadOnlySpan<byte> line)
    {
        var bytes = new byte[line.Length + 2];
        line.CopyTo(bytes);
        bytes[^2] = (byte)'\r';
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private PendingCommand Enqueue(PendingCommand command)
    {
        lock (_lock)
        {
            _pending.Add(command);
            if (command.Name == "IDLE" && command.LocalReply is null)
            {
                _idleClientTag = command.Tag;
                _idleUpstreamTag = command.Tag;
                _idleActive = false;
            }
        }

        return command;
    }

    /// <summary>Writes local replies that have reached the head of the queue.</summary>
    private async ValueTask DrainLocalRepliesAsync(bool lockHeld)
    {
        if (!lockHeld)
        {
            await _clientWrite.WaitAsync();
        }

        try
        {
            var wrote = false;
            while (true)
            {
                string? reply;
                lock (_lock)
                {
                    if (_pending.Count == 0 || _pending[0].LocalReply is null)
                    {
                        break;
                    }

                    reply = _pending[0].LocalReply;
                    _pending.RemoveAt(0);
                }

                _client.Writer.Write(Encoding.UTF8.GetBytes(reply + "\r\n"));
                wrote = true;
            }

            if (wrote && !lockHeld)
            {
                await _client.Writer.FlushAsync();
            }
        }
        finally
        {
            if (!lockHeld)
            {
                _clientWrite.Release();
            }
        }
    }

    /// <summary>Commands the gateway answers itself after login; null to relay.</summary>
    private static string? LocalReply(string tag, string name) => name switch
    {
        "LOGIN" or "AUTHENTICATE" => $"{tag} BAD Already logged in",
        "STARTTLS" => $"{tag} BAD STARTTLS is only allowed before login",
        "COMPRESS" => $"{tag} NO COMPRESS is not available through the gateway",
        "DONE" => $"{tag} BAD DONE without IDLE",
        _ => null,
    };

    /// <summary>Held EXISTS/RECENT to send before the completion of <paramref name="command"/>, if it is a release point.</summary>
    private string? ReleaseHeldLocked(string command)
    {
        if (command is "SELECT" or "EXAMINE" or "UNSELECT" or "CLOSE")
        {
            _heldExists = null;
            _heldRecent = null;
            return null;
        }

        if (command is not ("NOOP" or "CHECK" or "IDLE") || (_heldExists is null && _heldRecent is null))
        {
            return null;
        }

        var text = new StringBuilder();
        if (_heldExists is { } exists)
        {
            text.Append("* ").Append(exists).Append(" EXISTS\r\n");
        }

        if (_heldRecent is { } recent)
        {
            text.Append("* ").Append(recent).Append(" RECENT\r\n");
        }

        _heldExists = null;
        _heldRecent = null;
        return text.ToString();
    }

    private async Task<SessionEndReason> WatchdogAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromSeconds(Math.Min(30, Math.Max(1, _options.IdleRefreshSeconds / 3)));
        using var timer = new PeriodicTimer(period, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var refresh = false;
            bool quiet;
            lock (_lock)
            {
                if (_idleActive && _refresh == IdleRefresh.None && !_idleEnding
                    && _time.GetUtcNow() - _idleSince >= TimeSpan.FromSeconds(_options.IdleRefreshSeconds))
                {
                    _refresh = IdleRefresh.DoneSent;
                    refresh = true;
                }

                quiet = !_idleActive && _pending.Count == 0;
            }

            if (refresh)
            {
                Log.IdleRefreshed(_logger);
                await WriteUpstreamAsync("DONE", cancellationToken);
            }

            var silent = _time.GetElapsedTime(Interlocked.Read(ref _lastClientActivity));
            if (quiet && silent >= TimeSpan.FromMinutes(_options.AutologoutMinutes))
            {
                return SessionEndReason.Timeout;
            }
        }

        return SessionEndReason.Shutdown;
    }

    private async Task WriteUpstreamAsync(string line, CancellationToken cancellationToken)
    {
        await _upstreamWrite.WaitAsync(cancellationToken);
        try
        {
            await _upstream.WriteLineAsync(line, cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Log.UpstreamReadFailed(_logger, e.Message);
        }
        finally
        {
            _upstreamWrite.Release();
        }
    }

    private async Task TellClientAsync(string line)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _clientWrite.WaitAsync(timeout.Token);
            try
            {
                await _client.WriteLineAsync(line, timeout.Token);
            }
            finally
            {
                _clientWrite.Release();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The client is gone or stuck; the session ends anyway.
        }
    }

    private async Task LogoutUpstreamAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _upstreamWrite.WaitAsync(timeout.Token);
            try
            {
                await _upstream.WriteLineAsync($"{InternalTagPrefix}0 LOGOUT", timeout.Token);
            }
            finally
            {
                _upstreamWrite.Release();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private static void Copy(ReadOnlySequence<byte> bytes, PipeWriter writer)
    {
        foreach (var memory in bytes)
        {
            writer.Write(memory.Span);
        }
    }

    /// <summary><c>command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF</c> (RFC 3501 §9); UID X is X.</summary>
    internal static bool TryParseCommand(ReadOnlySpan<byte> line, out string tag, out string name)
    {
        tag = "";
        name = "";
        var space = line.IndexOf((byte)' ');
        if (line.Length == 0)
        {
            return false;
        }

        if (space < 0)
        {
            // A bare word: only DONE (ending IDLE) is valid this way.
            name = Encoding.ASCII.GetString(line).ToUpperInvariant();
            return name == "DONE";
        }

        var tagBytes = line[..space];
        if (tagBytes.IndexOfAny(s_tagSpecials) >= 0 || tagBytes.IndexOfAnyInRange((byte)0, (byte)0x20) >= 0)
        {
            return false;
        }

        tag = Encoding.ASCII.GetString(tagBytes);
        var rest = line[(space + 1)..];
        var end = rest.IndexOf((byte)' ');
        var word = end < 0 ? rest : rest[..end];
        if (word.Length == 0)
        {
            return false;
        }

        name = Encoding.ASCII.GetString(word).ToUpperInvariant();
        if (name == "UID" && end > 0)
        {
            var after = rest[(end + 1)..];
            var next = after.IndexOf((byte)' ');
            name = Encoding.ASCII.GetString(next < 0 ? after : after[..next]).ToUpperInvariant();
        }

        return true;
    }

    private static bool TryParseNumbered(ReadOnlySpan<byte> line, out long number, out string what)
    {
        number = 0;
        what = "";
        if (line.Length < 5 || line[0] != (byte)'*' || line[1] != (byte)' ' || line[2] is < (byte)'0' or > (byte)'9')
        {
            return false;
        }

        var rest = line[2..];
        var space = rest.IndexOf((byte)' ');
        if (space < 0 || !long.TryParse(rest[..space], out number))
        {
            return false;
        }

        var word = rest[(space + 1)..];
        if (word.IndexOf((byte)' ') >= 0)
        {
            return false;
        }

        what = Encoding.ASCII.GetString(word).ToUpperInvariant();
        return what is "EXISTS" or "RECENT" or "EXPUNGE";
    }

    private static partial class Log
    {
        [LoggerMessage(2101, LogLevel.Information, "relay ended: {Reason}")]
        public static partial void RelayEnded(ILogger logger, SessionEndReason reason);

        [LoggerMessage(2102, LogLevel.Warning, "mail server connection failed: {Reason}")]
        public static partial void UpstreamReadFailed(ILogger logger, string reason);

        [LoggerMessage(2103, LogLevel.Warning, "mail server broke the protocol: {Reason}")]
        public static partial void UpstreamViolation(ILogger logger, string reason);

        [LoggerMessage(2105, LogLevel.Warning, "dropped a server response naming a mailbox in a literal, which the folder mapping cannot translate: {Line}")]
        public static partial void UnmappableResponse(ILogger logger, string line);

        [LoggerMessage(2104, LogLevel.Debug, "re-issued IDLE upstream")]
        public static partial void IdleRefreshed(ILogger logger);
    }
}
