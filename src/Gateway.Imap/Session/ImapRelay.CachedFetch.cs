using System.Buffers;
using System.Globalization;
using System.Text;
using Gateway.Core.Cache;
using Gateway.Imap.Cache;
using Gateway.Imap.Wire;

namespace Gateway.Imap.Session;

internal sealed partial class ImapRelay
{
    /// <summary>One client FETCH run against the server with exclusive use of the upstream connection.</summary>
    private sealed class CachedFetch(ImapRelay relay, FetchRequest request, MessageCacheMailbox? scope)
    {
        private readonly List<FetchItemPiece> _pieces = [];
        private BatchingPipeStream? _output;
        private string _status = "OK Fetch completed";
        private int _tags;

        private MessageCacheStore? Store => scope is null ? null : relay._cache!.Store;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            if (scope is not { } mailbox)
            {
                // The mailbox changed while the command waited; nothing to key entries on.
                await CompleteAsync(await StreamAsync(Command(request.IsUid, request.SetText), [], _ => null, cancellationToken), cancellationToken);
                return;
            }

            var store = relay._cache!.Store;
            if (request.IsUid)
            {
                await RunUidAsync(store, mailbox, cancellationToken);
            }
            else
            {
                await RunSequenceAsync(store, mailbox, cancellationToken);
            }
        }

        private async Task RunUidAsync(MessageCacheStore store, MessageCacheMailbox mailbox, CancellationToken cancellationToken)
        {
            var plan = FetchPlanner.PlanUid(request, CandidateUids(store, mailbox), (uid, key) => store.Contains(mailbox.Key(uid, key)));
            var hits = plan.Hits.ToHashSet();
            var answers = new List<FetchResponse>();
            var answered = new HashSet<long>();
            void OnExpunge(long number)
            {
                answered.ExceptWith(answers.Where(a => a.Number == number).Select(a => a.Uid!.Value));
                Expunged(answers, number);
            }

            if (plan.HitCommand is { } hitCommand)
            {
                var status = await CommandAsync(
                    hitCommand,
                    response =>
                    {
                        if (response.Uid is not { } uid || !hits.Contains(uid) || !answered.Add(uid))
                        {
                            return false;
                        }

                        answers.Add(response);
                        return true;
                    },
                    OnExpunge,
                    cancellationToken);
                if (!IsOk(status))
                {
                    await CompleteAsync(status, cancellationToken);
                    return;
                }

                if (request.Modifiers.Length == 0)
                {
                    foreach (var gone in hits.Where(uid => !answered.Contains(uid)))
                    {
                        store.RemoveUid(mailbox, gone); // expunged: dropped lazily
                    }
                }

                _status = status;
            }

            var changed = await MarkSeenAsync(answers, isUid: true, OnExpunge, cancellationToken);
            var failed = new List<long>();
            foreach (var answer in answers)
            {
                if (!await ComposeAsync(store, mailbox, answer.Uid!.Value, answer, changed.Contains(answer.Number), cancellationToken))
                {
                    failed.Add(answer.Uid!.Value);
                }
            }

            if (failed.Count > 0)
            {
                _status = await StreamAsync(Command(isUid: true, SequenceSet.Format(failed)), [], _ => null, cancellationToken);
            }

            if (plan.MissCommand is not null)
            {
                var rest = request.Set.Except(plan.Hits.ToList());
                if (rest.Contains('*', StringComparison.Ordinal) && hits.Count > 0)
                {
                    // "n:*" names the highest UID even when it is below n, which may be a hit: ask which UIDs exist first.
                    var existing = new List<long>();
                    _status = await CommandAsync(
                        $"UID FETCH {rest} (UID)",
                        response =>
                        {
                            if (response.Uid is { } uid && !hits.Contains(uid))
                            {
                                existing.Add(uid);
                            }

                            return response.Uid is not null;
                        },
                        _ => { },
                        cancellationToken);
                    rest = existing.Count == 0 || !IsOk(_status) ? "" : SequenceSet.Format(existing);
                }

                if (rest.Length > 0)
                {
                    _status = await StreamAsync(Command(isUid: true, rest), hits, _ => null, cancellationToken);
                }
            }

            await CompleteAsync(_status, cancellationToken);
        }

        // The UIDs worth looking up: those named by a small set without '*' (Outlook fetches one message at a time),
        // else every UID the store holds for the mailbox.
        private IEnumerable<long> CandidateUids(MessageCacheStore store, MessageCacheMailbox mailbox)
        {
            var set = request.Set;
            if (set.HasStar || set.Ranges.Sum(r => r.End - r.Start + 1) > 4096)
            {
                return store.ListUids(mailbox);
            }

            return set.Ranges.SelectMany(r => Enumerable.Range(0, (int)(r.End - r.Start + 1)).Select(i => r.Start + i));
        }

        // An EXPUNGE forwarded while answers wait: their sequence numbers move down, the expunged one goes.
        private static void Expunged(List<FetchResponse> answers, long number)
        {
            answers.RemoveAll(a => a.Number == number);
            for (var i = 0; i < answers.Count; i++)
            {
                if (answers[i].Number > number)
                {
                    answers[i] = answers[i] with { Number = answers[i].Number - 1 };
                }
            }
        }

        /// <summary>
        /// For a non-PEEK body fetch answered from the cache: sets <c>\Seen</c> on the server where it was missing, as the
        /// server's own FETCH would, and puts the new FLAGS into the answers. Returns the message numbers whose flags
        /// changed (their FLAGS go to the client, as the server would send them).
        /// </summary>
        private async Task<HashSet<long>> MarkSeenAsync(List<FetchResponse> answers, bool isUid, Action<long> onExpunge, CancellationToken cancellationToken)
        {
            var changed = new HashSet<long>();
            var unseen = answers.Where(a => !HasSeen(a)).ToList();
            if (!request.SetsSeen || unseen.Count == 0)
            {
                return changed;
            }

            var set = SequenceSet.Format(unseen.Select(a => isUid ? a.Uid!.Value : a.Number));
            await CommandAsync(
                $"{(isUid ? "UID " : "")}STORE {set} +FLAGS (\\Seen)",
                response =>
                {
                    var index = answers.FindIndex(a => isUid && response.Uid is { } uid ? a.Uid == uid : a.Number == response.Number);
                    if (index < 0 || response.Find("FLAGS") is null)
                    {
                        return false;
                    }

                    // The new FLAGS (and MODSEQ) replace the earlier ones. A read-only mailbox answers NO and nothing changes.
                    var before = answers[index];
                    answers[index] = before with { Items = [.. before.Items.Where(i => response.Find(i.Name) is null || i.Name == "UID"), .. response.Items.Where(i => i.Name != "UID")] };
                    changed.Add(before.Number);
                    return true;
                },
                onExpunge,
                cancellationToken);
            return changed;
        }

        private static bool HasSeen(FetchResponse response) =>
            response.Find("FLAGS") is { } flags && Encoding.ASCII.GetString(flags.Value).Contains("\\Seen", StringComparison.OrdinalIgnoreCase);

        private async Task RunSequenceAsync(MessageCacheStore store, MessageCacheMailbox mailbox, CancellationToken cancellationToken)
        {
            var probed = new Dictionary<long, FetchResponse>();
            var status = await CommandAsync(
                FetchPlanner.ProbeCommand(request),
                response =>
                {
                    if (response.Uid is null || (!request.Set.Contains(response.Number) && !request.SetText.Contains('*', StringComparison.Ordinal)))
                    {
                        return false;
                    }

                    probed[response.Number] = response;
                    return true;
                },
                _ => { },
                cancellationToken);
            if (!IsOk(status))
            {
                await CompleteAsync(status, cancellationToken);
                return;
            }

            _status = status;
            var plan = FetchPlanner.PlanSequence(request, probed.Select(p => (p.Key, p.Value.Uid!.Value)), (uid, key) => store.Contains(mailbox.Key(uid, key)));
            var answers = plan.Hits.Select(number => probed[number]).ToList();
            var changed = await MarkSeenAsync(answers, isUid: false, _ => { }, cancellationToken);
            var failed = new List<long>();
            foreach (var answer in answers)
            {
                if (!await ComposeAsync(store, mailbox, answer.Uid!.Value, answer, changed.Contains(answer.Number), cancellationToken))
                {
                    failed.Add(answer.Number);
                }
            }

            long? UidOf(long number) => probed.TryGetValue(number, out var p) ? p.Uid : null;
            if (failed.Count > 0)
            {
                _status = await StreamAsync(Command(isUid: false, SequenceSet.Format(failed)), [], UidOf, cancellationToken);
            }

            if (plan.MissCommand is { } miss)
            {
                _status = await StreamAsync(miss, [], UidOf, cancellationToken);
            }

            await CompleteAsync(_status, cancellationToken);
        }

        private string Command(bool isUid, string set) =>
            $"{(isUid ? "UID " : "")}FETCH {set} {request.ItemListText}{(request.Modifiers.Length > 0 ? " " + request.Modifiers : "")}";

        private static bool IsOk(string status) => status.StartsWith("OK", StringComparison.OrdinalIgnoreCase);

        private async ValueTask<bool> ComposeAsync(MessageCacheStore store, MessageCacheMailbox mailbox, long uid, FetchResponse upstream, bool flagsChanged, CancellationToken cancellationToken)
        {
            if (!request.WantsFlags && !flagsChanged)
            {
                // FLAGS was only asked to learn about \Seen; the server would not have sent it.
                upstream = upstream with { Items = [.. upstream.Items.Where(i => i.Name != "FLAGS")] };
            }

            var output = _output ??= new BatchingPipeStream(relay._client.Writer);
            var written = await FetchResponseComposer.TryWriteAsync(output, upstream.Number, request, upstream, key => store.TryOpenAsync(mailbox.Key(uid, key), cancellationToken), cancellationToken);
            if (written)
            {
                relay._cacheHits++;
            }

            return written;
        }

        private async Task CompleteAsync(string status, CancellationToken cancellationToken)
        {
            relay._client.Writer.Write(Encoding.UTF8.GetBytes($"{request.Tag} {status}\r\n"));
            await relay._client.Writer.FlushAsync(cancellationToken);
        }

        private async ValueTask<string> SendAsync(string command, CancellationToken cancellationToken)
        {
            var tag = $"{InternalTagPrefix}C{++_tags}";
            relay._upstream.Writer.Write(Encoding.UTF8.GetBytes($"{tag} {command}\r\n"));
            await relay._upstream.Writer.FlushAsync(cancellationToken);
            return tag;
        }

        /// <summary>
        /// Sends a command whose untagged FETCH answers are small; <paramref name="onFetch"/> takes an answer (true) or
        /// leaves it to be forwarded as an unsolicited response (false). Returns the completion text after the tag.
        /// </summary>
        private async Task<string> CommandAsync(string command, Func<FetchResponse, bool> onFetch, Action<long> onExpunge, CancellationToken cancellationToken)
        {
            var tag = await SendAsync(command, cancellationToken);
            while (true)
            {
                var (line, literal) = await ReadSegmentAsync(continuation: false, cancellationToken);
                if (TaggedStatus(line, tag) is { } status)
                {
                    return status;
                }

                var whole = await MaterializeAsync(line, literal, cancellationToken);
                if (IsFetch(line, out _) && FetchResponse.TryParse(whole, out var response))
                {
                    if (response.Uid is { } uid)
                    {
                        relay.LearnNumber(response.Number, uid);
                    }

                    if (onFetch(response))
                    {
                        continue;
                    }
                }

                if (IsExpunge(line, out var expunged))
                {
                    onExpunge(expunged);
                }

                await ForwardAsync(whole, literal is null, cancellationToken);
            }
        }

        /// <summary>
        /// Sends a command whose answers go to the client as they arrive, their cacheable items copied into the store.
        /// An answer for a UID in <paramref name="skipUids"/> is dropped (answered from the cache already).
        /// </summary>
        private async Task<string> StreamAsync(string command, HashSet<long> skipUids, Func<long, long?> uidOf, CancellationToken cancellationToken)
        {
            var tag = await SendAsync(command, cancellationToken);
            while (true)
            {
                var (line, literal) = await ReadSegmentAsync(continuation: false, cancellationToken);
                if (TaggedStatus(line, tag) is { } status)
                {
                    return status;
                }

                if (IsFetch(line, out var number))
                {
                    await TeeFetchAsync(line, literal, number, uidOf(number), skipUids, cancellationToken);
                    continue;
                }

                await ForwardAsync(await MaterializeAsync(line, literal, cancellationToken), literal is null, cancellationToken);
            }
        }

        // Forwards one FETCH answer segment by segment, storing its cacheable items on the way.
        private async Task TeeFetchAsync(byte[] line, LiteralHeader? literal, long number, long? uid, HashSet<long> skipUids, CancellationToken cancellationToken)
        {
            var scanner = new FetchItemScanner();
            var text = line.AsMemory(line.AsSpan().IndexOf((byte)'(') + 1);
            var client = relay._client.Writer;
            var store = Store;
            CacheEntryWriter? writer = null;
            bool? skip = null;
            var counted = false;
            try
            {
                while (true)
                {
                    _pieces.Clear();
                    scanner.Scan(text.Span, literal is not null, _pieces);
                    foreach (var piece in _pieces)
                    {
                        if (piece.Starts)
                        {
                            await AbortAsync(writer);
                            writer = null;
                            if (piece.Name != "UID" && uid is { } known && store is not null && !scanner.IsInvalid
                                && request.CacheableItemFor(piece.Name) is { CacheKey: { } key })
                            {
                                writer = store.BeginWrite(scope!.Value.Key(known, key));
                            }
                        }

                        var bytes = text.Slice(piece.Start, piece.Length);
                        if (writer is not null)
                        {
                            await writer.WriteAsync(bytes, cancellationToken);
                        }

                        if (piece.Ends)
                        {
                            if (piece.Name == "UID" && long.TryParse(bytes.Span["UID "u8.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                            {
                                uid = parsed;
                            }

                            await CommitAsync(writer, cancellationToken);
                            writer = null;
                        }
                    }

                    if (scanner.IsInvalid)
                    {
                        await AbortAsync(writer);
                        writer = null;
                        store = null; // stop interpreting this answer; it still goes to the client as it is
                    }

                    if (skip is null && uid is { } learned)
                    {
                        relay.LearnNumber(number, learned);
                    }

                    // The UID decides, once known, whether this answer was already given from the cache.
                    skip ??= uid is { } u && skipUids.Contains(u);
                    if (skip != true)
                    {
                        if (!counted)
                        {
                            relay._cacheMisses++;
                            counted = true;
                        }

                        client.Write(line);
                        client.Write("\r\n"u8);
                    }

                    if (literal is not { } header)
                    {
                        await client.FlushAsync(cancellationToken);
                        return;
                    }

                    if (writer is not null)
                    {
                        await writer.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
                    }

                    await CopyLiteralAsync(header.Length, skip != true, writer, cancellationToken);
                    if (scanner.LiteralEnded())
                    {
                        await CommitAsync(writer, cancellationToken);
                        writer = null;
                    }

                    (line, literal) = await ReadSegmentAsync(continuation: true, cancellationToken);
                    text = line;
                }
            }
            finally
            {
                await AbortAsync(writer);
            }
        }

        private async ValueTask CommitAsync(CacheEntryWriter? writer, CancellationToken cancellationToken)
        {
            if (writer is not null && await writer.CommitAsync(cancellationToken))
            {
                relay._cacheStored++;
            }
        }

        private static async ValueTask AbortAsync(CacheEntryWriter? writer)
        {
            if (writer is not null)
            {
                writer.Abort();
                await writer.DisposeAsync();
            }
        }

        // Copies literal bytes from the server to the client (when forwarding) and into the cache writer.
        private async Task CopyLiteralAsync(long length, bool forward, CacheEntryWriter? writer, CancellationToken cancellationToken)
        {
            var reader = relay._upstream.Reader;
            while (length > 0)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                if (buffer.IsEmpty && result.IsCompleted)
                {
                    throw new EndOfStreamException();
                }

                var take = buffer.Slice(0, Math.Min(length, buffer.Length));
                foreach (var memory in take)
                {
                    if (forward)
                    {
                        relay._client.Writer.Write(memory.Span);
                    }

                    if (writer is { IsHealthy: true })
                    {
                        await writer.WriteAsync(memory, cancellationToken);
                    }
                }

                length -= take.Length;
                reader.AdvanceTo(take.End);
                if (forward)
                {
                    await relay._client.Writer.FlushAsync(cancellationToken);
                }
            }
        }

        private async ValueTask<(byte[] Line, LiteralHeader? Literal)> ReadSegmentAsync(bool continuation, CancellationToken cancellationToken) =>
            await relay._upstream.ReadSegmentAsync(serverResponse: true, continuation, cancellationToken) ?? throw new EndOfStreamException();

        // A whole response in memory (line, literals and continuation segments, CRLFs included).
        private async ValueTask<byte[]> MaterializeAsync(byte[] line, LiteralHeader? literal, CancellationToken cancellationToken)
        {
            var whole = new ArrayBufferWriter<byte>(line.Length + 2);
            whole.Write(line);
            whole.Write("\r\n"u8);
            while (literal is { } header)
            {
                if (whole.WrittenCount + header.Length > MaxMaterializedResponse)
                {
                    throw new InvalidDataException($"unexpected literal of {header.Length} octets in a response the gateway must read whole");
                }

                whole.Write(await relay._upstream.ReadLiteralAsync(header.Length, cancellationToken) ?? throw new EndOfStreamException());
                (line, literal) = await ReadSegmentAsync(continuation: true, cancellationToken);
                whole.Write(line);
                whole.Write("\r\n"u8);
            }

            return whole.WrittenMemory.ToArray();
        }

        // An untagged response that is not an answer of ours: as the pump would treat it (held, rewritten or sent).
        private async ValueTask ForwardAsync(byte[] whole, bool singleLine, CancellationToken cancellationToken)
        {
            var line = whole.AsSpan(0, whole.Length - 2);
            if (line.Length > 0 && line[0] == (byte)'+')
            {
                throw new InvalidDataException("unexpected continuation request during FETCH");
            }

            var (forward, rewritten) = line.Length > 0 && line[0] == (byte)'*' ? relay.OnUntagged(line, singleLine) : (true, null);
            if (!forward)
            {
                return;
            }

            if (rewritten is not null)
            {
                relay._client.Writer.Write(Encoding.UTF8.GetBytes(rewritten + "\r\n"));
            }
            else
            {
                relay._client.Writer.Write(whole);
            }

            await relay._client.Writer.FlushAsync(cancellationToken);
        }

        private static string? TaggedStatus(byte[] line, string tag)
        {
            var span = line.AsSpan();
            if (span.Length > tag.Length && span[tag.Length] == (byte)' ' && span.StartsWith(Encoding.ASCII.GetBytes(tag)))
            {
                return Encoding.UTF8.GetString(span[(tag.Length + 1)..]);
            }

            if (span.Length > 0 && span[0] is not ((byte)'*' or (byte)'+'))
            {
                throw new InvalidDataException($"unexpected tagged response during FETCH: {Encoding.UTF8.GetString(span)}");
            }

            return null;
        }

        private static bool IsExpunge(byte[] line, out long number)
        {
            var match = line.Length < 40 ? System.Text.RegularExpressions.Regex.Match(Encoding.ASCII.GetString(line), "^\\* (\\d+) EXPUNGE$", System.Text.RegularExpressions.RegexOptions.IgnoreCase) : null;
            number = match is { Success: true } ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return number > 0;
        }

        private static bool IsFetch(byte[] line, out long number)
        {
            number = 0;
            var span = line.AsSpan();
            if (!span.StartsWith("* "u8))
            {
                return false;
            }

            var rest = span[2..];
            var space = rest.IndexOf((byte)' ');
            return space > 0 && long.TryParse(rest[..space], NumberStyles.None, CultureInfo.InvariantCulture, out number)
                && rest.Length >= space + 8 && Ascii.EqualsIgnoreCase(rest.Slice(space, 8), " FETCH ("u8);
        }
    }

    /// <summary>
    /// The client's pipe as a stream that buffers small writes and flushes every 64 KB, so a thousand small cached
    /// answers leave in a few sends and a 5 MB body never sits whole in the pipe.
    /// </summary>
    private sealed class BatchingPipeStream(System.IO.Pipelines.PipeWriter writer) : Stream
    {
        private const int FlushThreshold = 64 * 1024;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            writer.Write(buffer.Span);
            if (!writer.CanGetUnflushedBytes || writer.UnflushedBytes >= FlushThreshold)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => writer.Write(buffer.AsSpan(offset, count));

        public override Task FlushAsync(CancellationToken cancellationToken) => writer.FlushAsync(cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
