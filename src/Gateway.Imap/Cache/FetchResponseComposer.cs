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
    /// planning), so the relay fetches that message from upstream instead.
    /// </summary>
    public static async ValueTask<bool> TryWriteAsync(
        Stream output,
        long number,
        FetchRequest request,
        FetchResponse upstream,
        Func<FetchItem, ValueTask<CachedEntry?>> open,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(open);
        var entries = new Dictionary<string, CachedEntry>(StringComparer.Ordinal);
        try
        {
            foreach (var item in request.CacheableItems)
            {
                if (entries.ContainsKey(item.CacheKey!))
                {
                    continue;
                }

                if (await open(item) is not { } entry)
                {
                    return false;
                }

                entries.Add(item.CacheKey!, entry);
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
                    await WriteItemAsync(output, ReadOnlyMemory<byte>.Empty, ref first, cancellationToken);
                    await entry.Content.CopyToAsync(output, cancellationToken);
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
