using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Gateway.Imap.Wire;

namespace Gateway.Imap.Session;

/// <summary>Reader and writer over one side's stream, with helpers to read and write whole lines.</summary>
internal sealed class ImapPipes
{
    private const int WriteBufferSize = 16 * 1024;

    /// <param name="stream">The connection.</param>
    /// <param name="limits">Line and literal bounds.</param>
    /// <param name="readBufferSize">Bytes asked of the stream per read: 16 KB (one TLS record) for the server side,
    /// which carries message bodies; small for the client side, which carries commands.</param>
    public ImapPipes(Stream stream, ImapLimits limits, int readBufferSize = 4096)
    {
        Stream = stream;
        Limits = limits;

        // Zero-byte reads: an idle connection holds no buffer until data arrives (64 KB per idle session goal).
        Reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: readBufferSize, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
        // The writer sends each of its buffers with its own write: 16 KB buffers put a 10 KB message in one send (and one
        // TLS record) instead of three. Buffers go back to the pool at each flush, so an idle session holds none.
        Writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: WriteBufferSize, leaveOpen: true));
    }

    public Stream Stream { get; }

    public ImapLimits Limits { get; }

    public PipeReader Reader { get; }

    public PipeWriter Writer { get; }

    /// <summary>Reads one segment; null at end of stream. Literal bytes that follow are left unread.</summary>
    /// <exception cref="InvalidDataException">The line or literal exceeds the limits.</exception>
    public async ValueTask<(byte[] Line, LiteralHeader? Literal)?> ReadSegmentAsync(bool serverResponse, bool continuation, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var status = ImapSegmentReader.TryRead(ref buffer, Limits, serverResponse, continuation, out var segment);
            switch (status)
            {
                case SegmentStatus.Done:
                    var line = segment.Line([]).ToArray();
                    Reader.AdvanceTo(buffer.Start);
                    return (line, segment.Literal);
                case SegmentStatus.NeedMoreData:
                    Reader.AdvanceTo(buffer.Start, buffer.End);
                    if (result.IsCompleted)
                    {
                        return null;
                    }

                    continue;
                default:
                    Reader.AdvanceTo(buffer.Start);
                    throw new InvalidDataException(status == SegmentStatus.LineTooLong ? "line too long" : "literal too large");
            }
        }
    }

    /// <summary>Reads exactly <paramref name="length"/> literal bytes into memory (small literals only).</summary>
    public async ValueTask<byte[]?> ReadLiteralAsync(long length, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Reader.ReadAsync(cancellationToken);
            if (result.Buffer.Length >= length)
            {
                var bytes = result.Buffer.Slice(0, length).ToArray();
                Reader.AdvanceTo(result.Buffer.GetPosition(length));
                return bytes;
            }

            Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    public ValueTask<FlushResult> WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\r\n");
        return Writer.WriteAsync(bytes, cancellationToken);
    }
}
