using System.Buffers;
using System.Security.Cryptography;

namespace Gateway.Core.Cache;

/// <summary>
/// Streams one entry to a temporary file while hashing it (plain) or sealing it in 64 KB chunks (encrypted, one chunk
/// buffered); <see cref="CommitAsync"/> writes the header, flushes to disk and renames the file into place. Any IO failure (disk full, permissions) turns the writer into a no-op and
/// <see cref="CommitAsync"/> returns false: the caller's traffic is never affected.
/// </summary>
public sealed class CacheEntryWriter : IAsyncDisposable
{
    private readonly MessageCacheStore _store;
    private readonly MessageCacheKey _key;
    private readonly string _tempPath;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly CacheEntryCipher? _cipher;
    private FileStream? _file;
    private long _length;
    private bool _done;

    // Encrypted entries only: the plaintext chunk being filled and the buffer it is sealed into. A full chunk is
    // sealed when the next byte arrives, so the last chunk (sealed by CommitAsync) is known to be the last.
    private byte[]? _chunk;
    private byte[]? _sealed;
    private int _filled;
    private long _chunkIndex;

    internal CacheEntryWriter(MessageCacheStore store, MessageCacheKey key, string tempPath, FileStream file, CacheEntryCipher? cipher)
    {
        _store = store;
        _key = key;
        _tempPath = tempPath;
        _file = file;
        _cipher = cipher;
        if (cipher is not null)
        {
            _chunk = ArrayPool<byte>.Shared.Rent(CacheEntryFormat.ChunkSize);
            _sealed = ArrayPool<byte>.Shared.Rent(CacheEntryFormat.ChunkSize + CacheEntryFormat.TagSize);
        }
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
            if (_cipher is null)
            {
                await _file!.WriteAsync(bytes, cancellationToken);
                _hash.AppendData(bytes.Span);
            }
            else
            {
                await WriteChunkedAsync(bytes, cancellationToken);
            }

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
            byte[] header;
            if (_cipher is null)
            {
                header = new byte[CacheEntryFormat.HeaderLength];
                CacheEntryFormat.WriteHeader(header, _length, _hash.GetHashAndReset(), CacheEntryFormat.KeyHash(_key));
            }
            else
            {
                await SealChunkAsync(last: true, cancellationToken);
                header = new byte[CacheEntryFormat.EncryptedHeaderLength];
                CacheEntryFormat.WriteEncryptedHeader(header, _length, _cipher.Salt, CacheEntryFormat.KeyHash(_key), _cipher.NoncePrefix);
            }

            file.Position = 0;
            await file.WriteAsync(header, cancellationToken);
            // Flushed to the OS, not to the disk: an fsync per entry would cost every cold read milliseconds, and
            // an entry torn by a power cut fails its checksum (or a GCM tag) and is refetched, never served.
            await file.FlushAsync(cancellationToken);
            var fileBytes = file.Length;
            await file.DisposeAsync();
            _file = null;
            _done = true;
            ReleaseCipher();
            return _store.Publish(_key, _tempPath, _length, fileBytes);
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
        ReleaseCipher();
    }

    public ValueTask DisposeAsync()
    {
        if (!_done || _file is not null)
        {
            Abort();
        }

        _hash.Dispose();
        ReleaseCipher();
        return ValueTask.CompletedTask;
    }

    private void ReleaseCipher()
    {
        _cipher?.Dispose();
        if (_chunk is { } chunk)
        {
            _chunk = null;
            CryptographicOperations.ZeroMemory(chunk.AsSpan(0, CacheEntryFormat.ChunkSize));
            ArrayPool<byte>.Shared.Return(chunk);
        }

        if (_sealed is { } sealedChunk)
        {
            _sealed = null;
            ArrayPool<byte>.Shared.Return(sealedChunk);
        }
    }

    private async ValueTask WriteChunkedAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            if (_filled == CacheEntryFormat.ChunkSize)
            {
                await SealChunkAsync(last: false, cancellationToken);
            }

            var n = Math.Min(bytes.Length, CacheEntryFormat.ChunkSize - _filled);
            bytes.Span[..n].CopyTo(_chunk.AsSpan(_filled));
            _filled += n;
            bytes = bytes[n..];
        }
    }

    private async ValueTask SealChunkAsync(bool last, CancellationToken cancellationToken)
    {
        var length = _filled + CacheEntryFormat.TagSize;
        _cipher!.Seal(_chunk.AsSpan(0, _filled), _sealed, _chunkIndex, last);
        await _file!.WriteAsync(_sealed.AsMemory(0, length), cancellationToken);
        _chunkIndex++;
        _filled = 0;
    }
}
