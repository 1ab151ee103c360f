using System.Security.Cryptography;

namespace Gateway.Core.Cache;

/// <summary>
/// Streams one entry to a temporary file while hashing it; <see cref="CommitAsync"/> writes the header, flushes to
/// disk and renames the file into place. Any IO failure (disk full, permissions) turns the writer into a no-op and
/// <see cref="CommitAsync"/> returns false: the caller's traffic is never affected.
/// </summary>
public sealed class CacheEntryWriter : IAsyncDisposable
{
    private readonly MessageCacheStore _store;
    private readonly MessageCacheKey _key;
    private readonly string _tempPath;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private FileStream? _file;
    private long _length;
    private bool _done;

    internal CacheEntryWriter(MessageCacheStore store, MessageCacheKey key, string tempPath, FileStream file)
    {
        _store = store;
        _key = key;
        _tempPath = tempPath;
        _file = file;
    }

    /// <summary>False once a write failed or the entry outgrew the budget; later writes are ignored.</summary>
    public bool IsHealthy => _file is not null && !_done;

    public long Length => _length;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        if (!IsHealthy)
        {
            return;
        }

        try
        {
            await _file!.WriteAsync(bytes, cancellationToken);
            _hash.AppendData(bytes.Span);
            _length += bytes.Length;
            if (_length > _store.MaxSizeBytes)
            {
                Abort();
            }
        }
        catch (Exception e) when (MessageCacheStore.IsStorageFailure(e))
        {
            _store.CountError();
            Abort();
        }
    }

    /// <summary>Writes every byte of <paramref name="source"/>.</summary>
    public async ValueTask WriteFromAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int n;
            while ((n = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Makes the entry visible atomically; false when it could not be stored (the cache stays consistent).</summary>
    public async ValueTask<bool> CommitAsync(CancellationToken cancellationToken = default)
    {
        if (!IsHealthy)
        {
            Abort();
            return false;
        }

        var file = _file!;
        try
        {
            var header = new byte[CacheEntryFormat.HeaderLength];
            CacheEntryFormat.WriteHeader(header, _length, _hash.GetHashAndReset(), CacheEntryFormat.KeyHash(_key));
            file.Position = 0;
            await file.WriteAsync(header, cancellationToken);
            // Flushed to the OS, not to the disk: an fsync per entry would cost every cold read milliseconds, and
            // an entry torn by a power cut fails its checksum and is refetched, never served.
            await file.FlushAsync(cancellationToken);
            await file.DisposeAsync();
            _file = null;
            _done = true;
            return _store.Publish(_key, _tempPath, _length);
        }
        catch (Exception e) when (MessageCacheStore.IsStorageFailure(e))
        {
            _store.CountError();
            Abort();
            return false;
        }
    }

    /// <summary>Discards the temporary file.</summary>
    public void Abort()
    {
        _done = true;
        if (_file is { } file)
        {
            _file = null;
            try
            {
                file.Dispose();
            }
            catch (Exception e) when (MessageCacheStore.IsStorageFailure(e))
            {
                _store.CountError();
            }
        }

        MessageCacheStore.TryDelete(_tempPath);
    }

    public ValueTask DisposeAsync()
    {
        if (!_done || _file is not null)
        {
            Abort();
        }

        _hash.Dispose();
        return ValueTask.CompletedTask;
    }
}
