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
    /// planning), so the relay fetches that message from upstream instead. <paramref name="open"/> opens a cache key
    /// of this message (<c>store.TryOpenAsync(scope.Key(uid, key))</c>).
    /// </summary>
    /// <remarks>
    /// A partial <c>BODY[sec]&lt;o.l&gt;</c> without its own entry is cut from the whole <c>BODY[sec]</c> entry when
    /// that holds a literal longer than o: <c>BODY[sec]&lt;o&gt; {n}</c> CRLF and the n bytes from offset o
    /// (RFC 9051 §6.4.5), the form Dovecot and Cyrus answer with. Otherwise the message is not served from cache.
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
        var entries = new Dictionary<string, CachedEntry>(StringComparer.Ordinal);
        var cuts = new Dictionary<string, (long Offset, long Length)>(StringComparer.Ordinal);
        try
        {
            foreach (var item in request.CacheableItems)
            {
                if (entries.ContainsKey(item.CacheKey!))
                {
                    continue;
                }

                if (await open(item.CacheKey!) is { } entry)
                {
                    entries.Add(item.CacheKey!, entry);
                    continue;
                }

                if (item.WholeCacheKey is not { } wholeKey || await open(wholeKey) is not { } whole)
                {
                    return false;
                }

                entries.Add(item.CacheKey!, whole);
                var cut = await TryPrepareCutAsync(whole, item.Partial!.Value, cancellationToken);
                if (cut is null)
                {
                    return false;
                }

                cuts.Add(item.CacheKey!, cut.Value);
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

                    var entry = entries[item.CacheKey!];
                    if (cuts.TryGetValue(item.CacheKey!, out var cut))
                    {
                        var label = Encoding.ASCII.GetBytes($"{item.ResponseName} {{{cut.Length.ToString(CultureInfo.InvariantCulture)}}}\r\n");
                        await WriteItemAsync(output, label, ref first, cancellationToken);
                        await CopyExactlyAsync(entry.Content, output, cut.Length, cancellationToken);
                    }
                    else
                    {
                        await WriteItemAsync(output, ReadOnlyMemory<byte>.Empty, ref first, cancellationToken);
                        await entry.Content.CopyToAsync(output, cancellationToken);
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
            foreach (var entry in entries.Values)
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
        var prefix = new List<byte>(64);
        var one = new byte[1];
        while (prefix.Count < 1024 && !(prefix.Count >= 2 && prefix[^2] == (byte)'\r' && prefix[^1] == (byte)'\n'))
        {
            if (await whole.Content.ReadAsync(one, cancellationToken) != 1)
            {
                return null;
            }

            prefix.Add(one[0]);
        }

        var text = Encoding.ASCII.GetString([.. prefix]);
        var open = text.LastIndexOf(" {", StringComparison.Ordinal);
        if (open < 0 || !text.EndsWith("}\r\n", StringComparison.Ordinal)
            || !long.TryParse(text.AsSpan(open + 2, text.Length - open - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            || partial.Offset >= total)
        {
            return null;
        }

        var length = Math.Min(partial.Length, total - partial.Offset);
        if (whole.Content.CanSeek)
        {
            whole.Content.Seek(partial.Offset, SeekOrigin.Current);
        }
        else
        {
            await CopyExactlyAsync(whole.Content, Stream.Null, partial.Offset, cancellationToken);
        }

        return (partial.Offset, length);
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
