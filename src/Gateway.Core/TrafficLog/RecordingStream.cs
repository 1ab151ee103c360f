namespace Gateway.Core.TrafficLog;

/// <summary>
/// Passes every call through to an inner stream and records what was read and written, so protocol
/// code never touches the traffic log.
/// </summary>
/// <remarks>
/// Writes are recorded before they are passed on and reads after they complete, so the recorder
/// sees a reply before the peer can answer it: the secret detectors depend on that order.
/// </remarks>
public sealed class RecordingStream : Stream
{
    private readonly Stream _inner;
    private readonly TrafficRecorder _recorder;
    private readonly TrafficDirection _reads;
    private readonly TrafficDirection _writes;
    private bool _disposed;

    /// <summary>Wraps <paramref name="inner"/>, recording reads as <paramref name="reads"/> and writes as <paramref name="writes"/>.</summary>
    /// <param name="inner">The stream to wrap; disposed with this one.</param>
    /// <param name="recorder">The session's recorder.</param>
    /// <param name="reads">The direction of bytes read, e.g. <see cref="TrafficDirection.FromClient"/>.</param>
    /// <param name="writes">The direction of bytes written, e.g. <see cref="TrafficDirection.ToClient"/>.</param>
    public RecordingStream(Stream inner, TrafficRecorder recorder, TrafficDirection reads, TrafficDirection writes)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(recorder);
        _inner = inner;
        _recorder = recorder;
        _reads = reads;
        _writes = writes;
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override bool CanTimeout => _inner.CanTimeout;

    public override int ReadTimeout { get => _inner.ReadTimeout; set => _inner.ReadTimeout = value; }

    public override int WriteTimeout { get => _inner.WriteTimeout; set => _inner.WriteTimeout = value; }

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        _recorder.Record(_reads, buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // A zero-byte read (how an idle pipe waits for data) has nothing to record: it is passed through, so an idle
        // session holds no state machine of this wrapper.
        return buffer.IsEmpty ? _inner.ReadAsync(buffer, cancellationToken) : RecordedReadAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> RecordedReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken);
        _recorder.Record(_reads, buffer.Span[..read]);
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _recorder.Record(_writes, buffer);
        _inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _recorder.Record(_writes, buffer.Span);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await _inner.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
