namespace Gateway.FreeBusy.Forwarders;

/// <summary>Copies a stream with an upper limit on its length.</summary>
internal static class LimitedCopy
{
    /// <summary>Copies all of <paramref name="source"/>; throws when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<long> CopyAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw new FreeBusyUpstreamException($"the upstream file is larger than {maxBytes} bytes");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return total;
    }
}
