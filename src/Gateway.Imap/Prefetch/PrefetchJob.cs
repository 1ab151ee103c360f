using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Core.Cache;
using Gateway.Core.Configuration;
using Gateway.Core.Listening;
using Gateway.Core.TrafficLog;
using Gateway.Imap.Cache;
using Gateway.Imap.Session;
using Gateway.Imap.Wire;
using Microsoft.Extensions.Logging;

namespace Gateway.Imap.Prefetch;

/// <summary>
/// One prefetch run for one user: logs in upstream with the remembered password, and for each <c>Cache:Prefetch</c>
/// folder stores <c>BODY[]</c> and <c>RFC822.SIZE</c> of the newest messages the cache lacks.
/// </summary>
/// <remarks>
/// <para>Per folder: <c>EXAMINE</c> (read-only: no flag changes, <c>\Recent</c> kept), then
/// <c>FETCH n:m (UID RFC822.SIZE)</c> for the newest <c>Cache:PrefetchNewest</c> messages (after the first run:
/// <c>UID FETCH watermark:* (UID RFC822.SIZE)</c>, only what arrived since), then one
/// <c>UID FETCH set (UID BODY.PEEK[])</c> for the missing bodies no larger than <c>Cache:PrefetchMaxMessageKB</c>.</para>
/// <para>Entries are keyed exactly as the relay keys them (<see cref="MessageCacheContext"/>: upstream
/// <c>host:port</c>, the login, the server-side mailbox name, UIDVALIDITY) and hold the server's own bytes, split by
/// the relay's <see cref="FetchItemScanner"/>: <c>BODY[] {n}</c> CRLF and the literal as it arrived, and
/// <c>RFC822.SIZE n</c>. A body streams from the socket into the entry file; it is never held whole.</para>
/// </remarks>
internal sealed partial class PrefetchJob
{
    private const string TagPrefix = "SCOGWP";

    private static readonly FetchItem s_body = Item("BODY.PEEK[]");
    private static readonly FetchItem s_size = Item("RFC822.SIZE");

    private readonly CacheOptions _options;
    private readonly ImapUpstreamConnector _connector;
    private readonly MessageCacheStore _store;
    private readonly string _upstreamId;
    private readonly TimeSpan _readTimeout;
    private readonly long _maxMessageBytes;
    private readonly ITrafficSink _traffic;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public PrefetchJob(GatewayOptions options, MessageCacheStore store, ITrafficSink traffic, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Cache;
        var limits = new ImapLimits
        {
            MaxLineLength = options.Imap.MaxLineKB * 1024,
            MaxLiteralSize = options.Imap.MaxLiteralMB * 1024L * 1024,
        };
        _connector = new ImapUpstreamConnector(options.Upstream, limits);
        _store = store;

        // The same upstream id as the sessions' (ImapConnectionHandler), or the entries would never be found.
        _upstreamId = $"{options.Upstream.Imap.Host.ToLowerInvariant()}:{options.Upstream.Imap.Port}";
        _readTimeout = TimeSpan.FromSeconds(options.Upstream.ReadTimeoutSeconds);
        _maxMessageBytes = Math.Min(options.Cache.PrefetchMaxMessageKB * 1024L, limits.MaxLiteralSize);
        _traffic = traffic;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs every configured folder for <paramref name="user"/>; failures are logged, never thrown (except cancellation).</summary>
    public async Task<PrefetchOutcome> RunAsync(string user, string password, PrefetchWatermarks watermarks, CancellationToken cancellationToken)
    {
        var recorder = new TrafficRecorder(_traffic, SessionIds.Next(), TrafficProtocol.Imap, "prefetch", _time) { User = user };
        var login = await _connector.ConnectAsync(user, password, recorder, cancellationToken);
        if (login.Outcome == UpstreamLoginOutcome.AuthenticationFailed)
        {
            Log.Rejected(_logger, user, login.Reason);
            return PrefetchOutcome.Rejected;
        }

        if (login.Connection is not { } upstream)
        {
            Log.Unavailable(_logger, user, login.Reason);
            return PrefetchOutcome.Failed;
        }

        await using (upstream)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var connection = new Connection(upstream.Pipes, timeout, _readTimeout);
            try
            {
                foreach (var folder in _options.Prefetch)
                {
                    await PrefetchFolderAsync(connection, user, KeyName(folder), watermarks);
                }

                await connection.CommandAsync("LOGOUT", (_, _) => ValueTask.FromResult(false), logout: true);
                return PrefetchOutcome.Done;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Log.Failed(_logger, user, $"the mail server did not answer within {_readTimeout.TotalSeconds:0} s");
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Net.Sockets.SocketException)
            {
                Log.Failed(_logger, user, e.Message);
            }

            return PrefetchOutcome.Failed;
        }
    }

    /// <summary>
    /// The name entries are keyed on: the server-side name as the relay forwards it, where INBOX is always upper case
    /// (the client's INBOX in any case becomes <c>INBOX</c>, see <c>HierarchyMap</c>).
    /// </summary>
    internal static string KeyName(string folder) =>
        folder.Length >= 5 && folder.StartsWith("INBOX", StringComparison.OrdinalIgnoreCase) && (folder.Length == 5 || !char.IsAsciiLetterOrDigit(folder[5]))
            ? string.Concat("INBOX", folder.AsSpan(5))
            : folder;

    private async Task PrefetchFolderAsync(Connection connection, string user, string folder, PrefetchWatermarks watermarks)
    {
        // EXAMINE: the numbers and UIDs to look at, without touching flags (RFC 9051 §6.3.3).
        long exists = 0;
        long? uidValidity = null;
        long? uidNext = null;
        var status = await connection.CommandAsync(
            $"EXAMINE {ImapQuoting.Quoted(folder)}",
            (line, _) =>
            {
                var text = Encoding.ASCII.GetString(line);
                if (ExistsPattern().Match(text) is { Success: true } count)
                {
                    exists = long.Parse(count.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                }
                else if (CodePattern().Match(text) is { Success: true } code)
                {
                    var value = long.Parse(code.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
                    if (code.Groups[1].Value.Equals("UIDVALIDITY", StringComparison.OrdinalIgnoreCase))
                    {
                        uidValidity = value;
                    }
                    else
                    {
                        uidNext = value;
                    }
                }

                return ValueTask.FromResult(false);
            });
        if (!IsOk(status) || uidValidity is not { } validity)
        {
            Log.FolderFailed(_logger, user, folder, IsOk(status) ? "the server sent no UIDVALIDITY" : status);
            return;
        }

        var mailbox = new MessageCacheMailbox(_upstreamId, user, folder, validity);
        _store.SetUidValidity(mailbox);
        var since = watermarks.Next(folder, validity);
        if (exists == 0 || (since is { } seen && uidNext is { } next && next <= seen))
        {
            Log.Prefetched(_logger, LogLevel.Debug, user, folder, 0, 0, 0);
            RecordWatermark(watermarks, folder, validity, uidNext);
            return;
        }

        // The newest messages with their sizes; RFC822.SIZE entries are stored right from these answers.
        var probe = since is { } from
            ? $"UID FETCH {from}:* (UID RFC822.SIZE)"
            : $"FETCH {Math.Max(1, exists - _options.PrefetchNewest + 1)}:{exists} (UID RFC822.SIZE)";
        var candidates = new List<(long Uid, long Size, FetchResponseItem SizeItem)>();
        status = await connection.CommandAsync(probe, (line, literal) =>
        {
            if (literal is null && FetchResponse.TryParse(line, out var response) && response.Uid is { } uid && (since is null || uid >= since)
                && response.Find(s_size.ResponseName) is { } size
                && long.TryParse(size.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
            {
                candidates.Add((uid, bytes, size));
            }

            return ValueTask.FromResult(false);
        });
        if (!IsOk(status))
        {
            Log.FolderFailed(_logger, user, folder, status);
            return;
        }

        var wanted = new HashSet<long>();
        var tooLarge = 0;
        foreach (var (uid, size, sizeItem) in candidates.OrderByDescending(c => c.Uid).Take(_options.PrefetchNewest))
        {
            if (!_store.Contains(mailbox.Key(uid, s_size.CacheKey!)))
            {
                await _store.TryStoreAsync(mailbox.Key(uid, s_size.CacheKey!), FetchResponseComposer.EntryBytes(sizeItem), connection.Token);
            }

            if (_store.Contains(mailbox.Key(uid, s_body.CacheKey!)))
            {
                continue;
            }

            if (size > _maxMessageBytes)
            {
                tooLarge++;
                continue;
            }

            wanted.Add(uid);
        }

        var (messages, bytesStored) = wanted.Count == 0 ? (0, 0L) : await FetchBodiesAsync(connection, mailbox, wanted);
        Log.Prefetched(_logger, messages + tooLarge > 0 ? LogLevel.Information : LogLevel.Debug, user, folder, messages, bytesStored, tooLarge);
        RecordWatermark(watermarks, folder, validity, uidNext);
    }

    private static void RecordWatermark(PrefetchWatermarks watermarks, string folder, long validity, long? uidNext)
    {
        if (uidNext is { } next)
        {
            watermarks.Set(folder, validity, next);
        }
    }

    /// <summary>Fetches the bodies of <paramref name="wanted"/> and stores each as it streams in.</summary>
    private async Task<(int Messages, long Bytes)> FetchBodiesAsync(Connection connection, MessageCacheMailbox mailbox, HashSet<long> wanted)
    {
        var messages = 0;
        var bytes = 0L;
        var pieces = new List<FetchItemPiece>();
        var status = await connection.CommandAsync($"UID FETCH {SequenceSet.Format(wanted.Order())} (UID {s_body.Text})", async (line, literal) =>
        {
            if (!IsFetch(line))
            {
                return false;
            }

            var scanner = new FetchItemScanner();
            var text = line.AsMemory(line.AsSpan().IndexOf((byte)'(') + 1);
            long? uid = null;
            CacheEntryWriter? writer = null;
            try
            {
                while (true)
                {
                    pieces.Clear();
                    scanner.Scan(text.Span, literal is not null, pieces);
                    foreach (var piece in pieces)
                    {
                        if (piece.Starts)
                        {
                            await AbortAsync(writer);
                            writer = null;

                            // The UID comes first in Dovecot's and Cyrus's answers; without it the body cannot be keyed.
                            if (uid is { } known && wanted.Contains(known) && s_body.ResponseName == piece.Name)
                            {
                                writer = _store.BeginWrite(mailbox.Key(known, s_body.CacheKey!));
                            }
                        }

                        var slice = text.Slice(piece.Start, piece.Length);
                        if (writer is not null)
                        {
                            await writer.WriteAsync(slice, connection.Token);
                        }

                        if (piece.Ends)
                        {
                            if (piece.Name == "UID" && long.TryParse(slice.Span["UID "u8.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                            {
                                uid = parsed;
                            }

                            if (writer is not null && await CommitAsync(writer, wanted, uid!.Value, connection.Token))
                            {
                                messages++;
                            }

                            writer = null;
                        }
                    }

                    if (scanner.IsInvalid)
                    {
                        await AbortAsync(writer);
                        writer = null;
                    }

                    if (literal is not { } header)
                    {
                        return true;
                    }

                    if (writer is not null)
                    {
                        await writer.WriteAsync("\r\n"u8.ToArray(), connection.Token);
                    }

                    await connection.CopyLiteralAsync(header.Length, writer);
                    if (scanner.LiteralEnded() && writer is not null)
                    {
                        if (await CommitAsync(writer, wanted, uid!.Value, connection.Token))
                        {
                            messages++;
                            bytes += header.Length;
                        }

                        writer = null;
                    }

                    (line, literal) = await connection.ReadAsync(continuation: true);
                    text = line;
                }
            }
            finally
            {
                await AbortAsync(writer);
            }
        });
        if (!IsOk(status))
        {
            throw new InvalidDataException($"UID FETCH of the new messages failed: {status}");
        }

        return (messages, bytes);
    }

    private static async ValueTask<bool> CommitAsync(CacheEntryWriter writer, HashSet<long> wanted, long uid, CancellationToken cancellationToken)
    {
        await using (writer)
        {
            if (!await writer.CommitAsync(cancellationToken))
            {
                return false;
            }
        }

        wanted.Remove(uid);
        return true;
    }

    private static async ValueTask AbortAsync(CacheEntryWriter? writer)
    {
        if (writer is not null)
        {
            writer.Abort();
            await writer.DisposeAsync();
        }
    }

    private static FetchItem Item(string text) =>
        FetchCommandParser.TryParseItem(text, out var item) && item.IsCacheable ? item : throw new InvalidOperationException($"{text} is not a cacheable item");

    private static bool IsOk(string status) => status.StartsWith("OK", StringComparison.OrdinalIgnoreCase);

    private static bool IsFetch(byte[] line) => FetchPattern().IsMatch(Encoding.ASCII.GetString(line, 0, Math.Min(line.Length, 32)));

    [GeneratedRegex("^\\* \\d+ FETCH \\(", RegexOptions.IgnoreCase)]
    private static partial Regex FetchPattern();

    [GeneratedRegex("^\\* (\\d+) EXISTS$", RegexOptions.IgnoreCase)]
    private static partial Regex ExistsPattern();

    [GeneratedRegex("^\\* OK \\[(UIDVALIDITY|UIDNEXT) (\\d+)\\]", RegexOptions.IgnoreCase)]
    private static partial Regex CodePattern();

    /// <summary>
    /// The upstream connection of a run, one command at a time: internal tags, every read bounded by
    /// <c>Upstream:ReadTimeoutSeconds</c>.
    /// </summary>
    private sealed class Connection(ImapPipes pipes, CancellationTokenSource timeout, TimeSpan readTimeout)
    {
        private int _tags;

        /// <summary>The run's token with the read timeout restarted.</summary>
        public CancellationToken Token
        {
            get
            {
                timeout.CancelAfter(readTimeout);
                return timeout.Token;
            }
        }

        /// <summary>
        /// Sends <paramref name="command"/> and reads up to its tagged completion. Each untagged response goes to
        /// <paramref name="onUntagged"/>, which returns true when it read the whole response itself (literals and
        /// continuation lines included); otherwise its literals are skipped here. Returns the text after the tag.
        /// </summary>
        public async Task<string> CommandAsync(string command, Func<byte[], LiteralHeader?, ValueTask<bool>> onUntagged, bool logout = false)
        {
            var tag = $"{TagPrefix}{++_tags}";
            await pipes.WriteLineAsync($"{tag} {command}", Token);
            while (true)
            {
                var (line, literal) = await ReadAsync(continuation: false);
                if (line.AsSpan().StartsWith(Encoding.ASCII.GetBytes(tag + " ")))
                {
                    return Encoding.UTF8.GetString(line, tag.Length + 1, line.Length - tag.Length - 1);
                }

                if (line.Length == 0 || line[0] != (byte)'*')
                {
                    throw new InvalidDataException($"unexpected response: {Encoding.UTF8.GetString(line.AsSpan(0, Math.Min(line.Length, 200)))}");
                }

                if (!logout && line.AsSpan().StartsWith("* BYE"u8))
                {
                    throw new IOException($"the server closed the session: {Encoding.UTF8.GetString(line)}");
                }

                if (await onUntagged(line, literal))
                {
                    continue;
                }

                while (literal is { } header)
                {
                    await CopyLiteralAsync(header.Length, writer: null);
                    (_, literal) = await ReadAsync(continuation: true);
                }
            }
        }

        public async Task<(byte[] Line, LiteralHeader? Literal)> ReadAsync(bool continuation) =>
            await pipes.ReadSegmentAsync(serverResponse: true, continuation, Token) ?? throw new EndOfStreamException("the server closed the connection");

        /// <summary>Reads <paramref name="length"/> literal bytes as they arrive, into <paramref name="writer"/> when given.</summary>
        public async Task CopyLiteralAsync(long length, CacheEntryWriter? writer)
        {
            var reader = pipes.Reader;
            while (length > 0)
            {
                var result = await reader.ReadAsync(Token);
                var buffer = result.Buffer;
                if (buffer.IsEmpty && result.IsCompleted)
                {
                    throw new EndOfStreamException("the server closed the connection inside a literal");
                }

                var take = buffer.Slice(0, Math.Min(length, buffer.Length));
                if (writer is { IsHealthy: true })
                {
                    foreach (var memory in take)
                    {
                        await writer.WriteAsync(memory, Token);
                    }
                }

                length -= take.Length;
                reader.AdvanceTo(take.End);
            }
        }
    }

    private static partial class Log
    {
        // Information when the run stored or left out something, else Debug: a quiet folder logs nothing every interval.
        [LoggerMessage(EventId = 2201, Message = "prefetch for {User} in {Mailbox}: {Messages} messages stored ({Bytes} bytes), {TooLarge} larger than Cache:PrefetchMaxMessageKB left out")]
        public static partial void Prefetched(ILogger logger, LogLevel level, string user, string mailbox, int messages, long bytes, int tooLarge);

        [LoggerMessage(2202, LogLevel.Warning, "prefetch for {User}: the server rejected the remembered password ({Reason}); no more prefetch until the user logs in again")]
        public static partial void Rejected(ILogger logger, string user, string reason);

        [LoggerMessage(2203, LogLevel.Warning, "prefetch for {User}: {Reason}")]
        public static partial void Unavailable(ILogger logger, string user, string reason);

        [LoggerMessage(2204, LogLevel.Warning, "prefetch for {User} in {Mailbox} skipped: {Reason}")]
        public static partial void FolderFailed(ILogger logger, string user, string mailbox, string reason);

        [LoggerMessage(2205, LogLevel.Warning, "prefetch for {User} stopped: {Reason}")]
        public static partial void Failed(ILogger logger, string user, string reason);
    }
}
