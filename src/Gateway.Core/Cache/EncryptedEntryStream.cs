using System.Buffers;

namespace Gateway.Core.Cache;

/// <summary>
/// The plaintext of an encrypted entry, read-only and seekable, one 64 KB chunk in memory at a time. Every chunk is
/// authenticated before a byte of it is returned; the store also runs <see cref="VerifyAsync"/> over the whole entry
/// before handing the stream out, so a damaged entry is never served in part.
/// </summary>
internal sealed class EncryptedEntryStream : Stream
{
    private readonly FileStream _file;
    private readonly CacheEntryCipher _cipher;
    private readonly long _length;
    private readonly long _chunks;
    private byte[]? _sealed;
    private byte[]? _plain;
    private long _position;
    private long _loadedChunk = -1;
    private int _loadedLength;

    /// <summary>Takes ownership of <paramref name="file"/> and <paramref name="cipher"/>.</summary>
    public EncryptedEntryStream(FileStream file, CacheEntryCipher cipher, long length)
    {
        _file = file;
        _cipher = cipher;
        _length = length;
        _chunks = CacheEntryFormat.ChunkCount(length);
        _sealed = ArrayPool<byte>.Shared.Rent(CacheEntryFormat.ChunkSize + CacheEntryFormat.TagSize);
        _plain = ArrayPool<byte>.Shared.Rent(CacheEntryFormat.ChunkSize);
    }

    public override bool CanRead => _plain is not null;

    public override bool CanSeek => _plain is not null;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <summary>Authenticates every chunk once; false when any chunk is damaged, missing, reordered or foreign.</summary>
    public async ValueTask<bool> VerifyAsync(CancellationToken cancellationToken)
    {
        for (long i = 0; i < _chunks; i++)
        {
            if (!await TryLoadAsync(i, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!Prepare(buffer.Length, out var index))
        {
            return 0;
        }

        if (index != _loadedChunk && !TryLoad(index))
        {
            throw Changed();
        }

        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!Prepare(buffer.Length, out var index))
        {
            return 0;
        }

        if (index != _loadedChunk && !await TryLoadAsync(index, cancellationToken))
        {
            throw Changed();
        }

        return CopyOut(buffer.Span);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_plain is null, this);
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        ReturnBuffers();
        _cipher.Dispose();
        await _file.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReturnBuffers();
            _cipher.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    private static IOException Changed() => new("The encrypted cache entry changed on disk after it was verified.");

    private bool Prepare(int wanted, out long index)
    {
        ObjectDisposedException.ThrowIf(_plain is null, this);
        index = _position / CacheEntryFormat.ChunkSize;
        return wanted > 0 && _position < _length;
    }

    private int CopyOut(Span<byte> buffer)
    {
        var inChunk = (int)(_position % CacheEntryFormat.ChunkSize);
        var count = Math.Min(buffer.Length, _loadedLength - inChunk);
        _plain.AsSpan(inChunk, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    private (long Offset, int PlainLength) Locate(long index)
    {
        var plainLength = index < _chunks - 1 ? CacheEntryFormat.ChunkSize : (int)(_length - ((_chunks - 1) * CacheEntryFormat.ChunkSize));
        return (CacheEntryFormat.EncryptedHeaderLength + (index * (CacheEntryFormat.ChunkSize + CacheEntryFormat.TagSize)), plainLength);
    }

    private bool TryLoad(long index)
    {
        var (offset, plainLength) = Locate(index);
        var sealedChunk = _sealed.AsSpan(0, plainLength + CacheEntryFormat.TagSize);
        var read = 0;
        while (read < sealedChunk.Length)
        {
            var n = RandomAccess.Read(_file.SafeFileHandle, sealedChunk[read..], offset + read);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return Open(index, plainLength);
    }

    private async ValueTask<bool> TryLoadAsync(long index, CancellationToken cancellationToken)
    {
        var (offset, plainLength) = Locate(index);
        var sealedChunk = _sealed.AsMemory(0, plainLength + CacheEntryFormat.TagSize);
        var read = 0;
        while (read < sealedChunk.Length)
        {
            var n = await RandomAccess.ReadAsync(_file.SafeFileHandle, sealedChunk[read..], offset + read, cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return Open(index, plainLength);
    }

    private bool Open(long index, int plainLength)
    {
        _loadedChunk = -1;
        if (!_cipher.TryOpen(_sealed.AsSpan(0, plainLength + CacheEntryFormat.TagSize), _plain, index, last: index == _chunks - 1))
        {
            return false;
        }

        _loadedChunk = index;
        _loadedLength = plainLength;
        return true;
    }

    private void ReturnBuffers()
    {
        if (_plain is { } plain)
        {
            _plain = null;
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain.AsSpan(0, CacheEntryFormat.ChunkSize));
            ArrayPool<byte>.Shared.Return(plain);
        }

        if (_sealed is { } sealedChunk)
        {
            _sealed = null;
            ArrayPool<byte>.Shared.Return(sealedChunk);
        }
    }
}
