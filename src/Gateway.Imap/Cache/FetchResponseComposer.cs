using System.Globalization;
using System.Text;
using Gateway.Core.Cache;

namespace Gateway.Imap.Cache;

/// <summary>
/// Writes the client's <c>* n FETCH (…)</c> line for a cache hit: the upstream answer's mutable items and the cached
/// items, each cached item being the server's own bytes (<c>name SP value</c>, literal header included) copied from
/// disk as a stream.
/// </summary>
/// <remarks>
/// Item order: UID first when the client asked for it (as Dovecot and Cyrus answer), then the requested items in the
/// order asked, then any other item upstream sent (FLAGS after a \Seen change, MODSEQ under CONDSTORE). An unrequested
/// UID (added by the probe of a sequence-number FETCH) is left out.
/// </remarks>
internal static class FetchResponseComposer
{
    /// <summary>
    /// Opens every cached item first; returns false and writes nothing when one is missing or corrupt (evicted since
    /// planning) or cannot be derived, so the relay fetches that message from upstream instead. <paramref name="open"/>
    /// opens a cache key of this message (<c>store.TryOpenAsync(scope.Key(uid, key))</c>).
    /// </summary>
    /// <remarks>
    /// An item without its own entry is served, in this order: a partial <c>BODY[sec]&lt;o.l&gt;</c> cut from the whole
    /// <c>BODY[sec]</c> entry when that holds a literal longer than o: <c>BODY[sec]&lt;o&gt; {n}</c> CRLF and the n bytes
    /// from offset o (RFC 9051 §6.4.5), the form Dovecot and Cyrus answer with; an item with a
    /// <see cref="FetchItem.MessageSection"/> copied out of the cached whole message <c>BODY[]</c>: <c>RFC822 {n}</c>,
    /// <c>RFC822.SIZE n</c>, and for sections <c>name {n}</c> CRLF bytes located by <see cref="MimePartLocator"/> (an
    /// empty or unsure section declines). Otherwise the message is not served from cache.
    /// </remarks>
    public static async ValueTask<bool> TryWriteAsync(
        Stream output,
        long number,
        FetchRequest request,
        FetchResponse upstream,
        Func<string, ValueTask<CachedEntry?>> open,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(open);
        var prepared = new Dictionary<string, PreparedItem>(StringComparer.Ordinal);
        var opened = new List<CachedEntry>();
        try
        {
            WholeMessage? whole = null;
            var needsTree = request.CacheableItems.Any(i => i.MessageSection is { Length: > 0 } s && MimeStructure.NeedsTree(s));
            foreach (var item in request.CacheableItems)
            {
                if (prepared.ContainsKey(item.CacheKey!))
                {
                    continue;
                }

                if (await open(item.CacheKey!) is { } entry)
                {
                    opened.Add(entry);
                    prepared.Add(item.CacheKey!, new PreparedItem([], entry, -1, -1));
                    continue;
                }

                if (item.WholeCacheKey is { } wholeKey && await open(wholeKey) is { } wholeSection)
                {
                    opened.Add(wholeSection);
                    var cut = await TryPrepareCutAsync(wholeSection, item.Partial!.Value, cancellationToken);
                    if (cut is null)
                    {
                        return false;
                    }

                    prepared.Add(item.CacheKey!, new PreparedItem(Label(item.ResponseName, cut.Value.Length), wholeSection, -1, cut.Value.Length));
                    continue;
                }

                if (item.MessageSection is not { } section)
                {
                    return false;
                }

                whole ??= await WholeMessage.TryOpenAsync(open, opened, cancellationToken);
                var derived = whole is null ? null : await whole.TryPrepareAsync(item, section, needsTree, cancellationToken);
                if (derived is null)
                {
                    return false;
                }

                prepared.Add(item.CacheKey!, derived);
            }

            var written = new HashSet<string>(StringComparer.Ordinal);
            var first = true;
            await WriteAsync(output, Encoding.ASCII.GetBytes($"* {number.ToString(CultureInfo.InvariantCulture)} FETCH ("), cancellationToken);
            if (request.WantsUid && upstream.Find("UID") is { } uid)
            {
                await WriteItemAsync(output, uid.Raw, ref first, cancellationToken);
                written.Add("UID");
            }

            foreach (var item in request.Items)
            {
                if (item.IsCacheable)
                {
                    if (!written.Add("cache:" + item.CacheKey))
                    {
                        continue;
                    }

                    var p = prepared[item.CacheKey!];
                    await WriteItemAsync(output, p.Label, ref first, cancellationToken);
                    if (p.Entry is { } source)
                    {
                        if (p.Position >= 0)
                        {
                            source.Content.Seek(p.Position, SeekOrigin.Begin);
                        }

                        if (p.Count < 0)
                        {
                            await source.Content.CopyToAsync(output, cancellationToken);
                        }
                        else
                        {
                            await CopyExactlyAsync(source.Content, output, p.Count, cancellationToken);
                        }
                    }
                }
                else if (upstream.Find(item.ResponseName) is { } answer && written.Add(answer.Name))
                {
                    await WriteItemAsync(output, answer.Raw, ref first, cancellationToken);
                }
            }

            foreach (var extra in upstream.Items)
            {
                if ((extra.Name == "UID" && !request.WantsUid) || !written.Add(extra.Name))
                {
                    continue;
                }

                await WriteItemAsync(output, extra.Raw, ref first, cancellationToken);
            }

            await WriteAsync(output, ")\r\n"u8.ToArray(), cancellationToken);
            return true;
        }
        finally
        {
            foreach (var entry in opened)
            {
                await entry.DisposeAsync();
            }
        }
    }

    /// <summary>The bytes to store for a cacheable item of an upstream answer: exactly <c>name SP value</c>.</summary>
    public static ReadOnlyMemory<byte> EntryBytes(FetchResponseItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Raw;
    }

    // Reads "BODY[sec] {N}\r\n" from the whole entry and positions its stream at offset o of the contents.
    private static async ValueTask<(long Offset, long Length)?> TryPrepareCutAsync(CachedEntry whole, (long Offset, long Length) partial, CancellationToken cancellationToken)
    {
        if (await TryReadLiteralHeaderAsync(whole.Content, null, cancellationToken) is not (var total, _) || partial.Offset >= total)
        {
            return null;
        }

        await SkipAsync(whole.Content, partial.Offset, cancellationToken);
        return (partial.Offset, Math.Min(partial.Length, total - partial.Offset));
    }

    // Reads "label {N}\r\n" (label any when null) and returns N and the length of that line, or null when the entry
    // does not start so.
    private static async ValueTask<(long Total, int HeaderLength)?> TryReadLiteralHeaderAsync(Stream content, string? label, CancellationToken cancellationToken)
    {
        var prefix = new List<byte>(64);
        var one = new byte[1];
        while (prefix.Count < 1024 && !(prefix.Count >= 2 && prefix[^2] == (byte)'\r' && prefix[^1] == (byte)'\n'))
        {
            if (await content.ReadAsync(one, cancellationToken) != 1)
            {
                return null;
            }

            prefix.Add(one[0]);
        }

        var text = Encoding.ASCII.GetString([.. prefix]);
        var open = text.LastIndexOf(" {", StringComparison.Ordinal);
        return open >= 0 && text.EndsWith("}\r\n", StringComparison.Ordinal) && (label is null || text.AsSpan(0, open).SequenceEqual(label))
            && long.TryParse(text.AsSpan(open + 2, text.Length - open - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
                ? (total, prefix.Count)
                : null;
    }

    private static async ValueTask SkipAsync(Stream content, long count, CancellationToken cancellationToken)
    {
        if (content.CanSeek)
        {
            content.Seek(count, SeekOrigin.Current);
        }
        else
        {
            await CopyExactlyAsync(content, Stream.Null, count, cancellationToken);
        }
    }

    private static byte[] Label(string name, long length) => Encoding.ASCII.GetBytes($"{name} {{{length.ToString(CultureInfo.InvariantCulture)}}}\r\n");

    /// <summary>What to write for one cached item: <see cref="Label"/>, then <see cref="Count"/> bytes of
    /// <see cref="Entry"/> (to its end when -1) from <see cref="Position"/> (where it stands when -1).</summary>
    private sealed record PreparedItem(byte[] Label, CachedEntry? Entry, long Position, long Count);

    /// <summary>The cached <c>BODY[]</c> of the message, opened once to derive other items from it.</summary>
    private sealed class WholeMessage(CachedEntry entry, long payloadStart, long length, Func<string, ValueTask<CachedEntry?>> open, List<CachedEntry> opened)
    {
        private MimeStructure? _structure;

        public static async ValueTask<WholeMessage?> TryOpenAsync(Func<string, ValueTask<CachedEntry?>> open, List<CachedEntry> opened, CancellationToken cancellationToken)
        {
            if (await open(FetchItem.WholeMessageKey) is not { } entry)
            {
                return null;
            }

            opened.Add(entry);
            return await TryReadLiteralHeaderAsync(entry.Content, FetchItem.WholeMessageKey, cancellationToken) is var (length, headerLength)
                && headerLength + length == entry.Length
                    ? new WholeMessage(entry, entry.Content.CanSeek ? entry.Content.Position : -1, length, open, opened)
                    : null;
        }

        // Locates the item's section in the message (scanning it at most once) and prepares a stream positioned at it.
        public async ValueTask<PreparedItem?> TryPrepareAsync(FetchItem item, string section, bool needsTree, CancellationToken cancellationToken)
        {
            if (item.Name == "RFC822.SIZE")
            {
                return new PreparedItem(Encoding.ASCII.GetBytes($"RFC822.SIZE {length.ToString(CultureInfo.InvariantCulture)}"), null, -1, -1);
            }

            long start = 0;
            var count = length;
            if (section.Length > 0)
            {
                if (_structure is null)
                {
                    // Scanned once per message; a stream that cannot seek is still at the payload start (copies are
                    // read from fresh entries).
                    if (entry.Content.CanSeek)
                    {
                        entry.Content.Seek(payloadStart, SeekOrigin.Begin);
                    }

                    _structure = await MimePartLocator.ScanAsync(entry.Content, length, needsTree, cancellationToken);
                }

                if (!_structure.TryLocate(section, out start, out count))
                {
                    return null;
                }
            }

            if (item.Partial is { } partial)
            {
                if (partial.Offset >= count)
                {
                    return null;
                }

                start += partial.Offset;
                count = Math.Min(partial.Length, count - partial.Offset);
            }

            var label = Label(item.ResponseName, count);
            if (entry.Content.CanSeek)
            {
                return new PreparedItem(label, entry, payloadStart + start, count);
            }

            // A stream that cannot seek: a fresh copy of the entry per item, read up to the item.
            if (await open(FetchItem.WholeMessageKey) is not { } copy)
            {
                return null;
            }

            opened.Add(copy);
            if (await TryReadLiteralHeaderAsync(copy.Content, FetchItem.WholeMessageKey, cancellationToken) is not (var total, _) || total != length)
            {
                return null;
            }

            await SkipAsync(copy.Content, start, cancellationToken);
            return new PreparedItem(label, copy, -1, count);
        }
    }

    private static async ValueTask CopyExactlyAsync(Stream source, Stream destination, long count, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (count > 0)
            {
                var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
                if (n == 0)
                {
                    throw new EndOfStreamException("The cache entry ended early.");
                }

                await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                count -= n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ValueTask WriteItemAsync(Stream output, ReadOnlyMemory<byte> raw, ref bool first, CancellationToken cancellationToken)
    {
        var separator = !first;
        first = false;
        return WriteSeparatedAsync(output, separator, raw, cancellationToken);
    }

    private static async ValueTask WriteSeparatedAsync(Stream output, bool separator, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        if (separator)
        {
            await output.WriteAsync(" "u8.ToArray(), cancellationToken);
        }

        if (!raw.IsEmpty)
        {
            await output.WriteAsync(raw, cancellationToken);
        }
    }

    private static ValueTask WriteAsync(Stream output, byte[] bytes, CancellationToken cancellationToken) => output.WriteAsync(bytes, cancellationToken);
}
