using Gateway.Core.TrafficLog;
using static Gateway.Core.TrafficLog.TrafficDirection;

namespace Gateway.Core.Tests.TrafficLog;

public sealed class RecordingStreamTests
{
    [Fact]
    public async Task ReadsAndWrites_PassThrough_AndAreRecordedInTheirDirections()
    {
        var inner = new DuplexStream("a1 LOGIN alice secret1\r\na2 NOOP\r\n"u8.ToArray());
        var sink = new MemoryTrafficSink();
        var recorder = new TrafficRecorder(sink, "s", TrafficProtocol.Imap, "r");
        await using var stream = new RecordingStream(inner, recorder, FromClient, ToClient);

        var buffer = new byte[7];
        var received = new List<byte>();
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(), CancellationToken.None)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, read));
        }

        await stream.WriteAsync("a1 OK "u8.ToArray().AsMemory(), CancellationToken.None);
        stream.Write("done\r\n"u8);
        await stream.FlushAsync(CancellationToken.None);

        Assert.Equal("a1 LOGIN alice secret1\r\na2 NOOP\r\n"u8.ToArray(), received);
        Assert.Equal("a1 OK done\r\n"u8.ToArray(), inner.Written.ToArray());
        Assert.Equal(1, inner.Flushes);
        Assert.Equal(["C: a1 LOGIN alice ***", "C: a2 NOOP", "S: a1 OK done"], sink.Lines);
        Assert.Equal(33, recorder.BytesFromClient);
        Assert.Equal(12, recorder.BytesToClient);
    }

    [Fact]
    public void SyncOverloadsAndSingleBytes_AreRecordedToo()
    {
        var inner = new DuplexStream("PASS x\r\n"u8.ToArray());
        var sink = new MemoryTrafficSink();
        var recorder = new TrafficRecorder(sink, "s", TrafficProtocol.Ftp, "r");
        using var stream = new RecordingStream(inner, recorder, FromClient, ToClient);

        Assert.Equal('P', stream.ReadByte());
        var rest = new byte[16];
        Assert.Equal(7, stream.Read(rest, 0, rest.Length));
        stream.Write("230 in"u8.ToArray(), 0, 6);
        stream.WriteByte((byte)'\n');

        Assert.Equal(["C: PASS ***", "S: 230 in"], sink.Lines);
    }

    [Fact]
    public async Task Dispose_DisposesTheInnerStreamOnce()
    {
        var inner = new DuplexStream([]);
        var stream = new RecordingStream(inner, new TrafficRecorder(NullTrafficSink.Instance, "s", TrafficProtocol.Smtp, "r"), FromClient, ToClient);

        await stream.DisposeAsync();
        stream.Dispose();

        Assert.Equal(1, inner.Disposals);
        Assert.False(stream.CanSeek);
    }

    /// <summary>Reads from a fixed input and keeps what is written.</summary>
    private sealed class DuplexStream(byte[] input) : Stream
    {
        private readonly MemoryStream _input = new(input);

        public MemoryStream Written { get; } = new();

        public int Flushes { get; private set; }

        public int Disposals { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => Flushes++;

        public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Disposals++;
            }

            base.Dispose(disposing);
        }
    }
}
