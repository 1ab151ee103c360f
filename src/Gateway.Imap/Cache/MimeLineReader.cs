using System.Buffers;

namespace Gateway.Imap.Cache;

/// <summary>
/// Reads a message from a stream line by line (a line ends with LF) in one pass, with a fixed buffer: it keeps only
/// the first <see cref="HeadCapacity"/> bytes of each line, so a 5 MB single-line attachment costs no memory.
/// </summary>
/// <remarks>
/// It also notices the bytes on which servers disagree about where lines end: a CR not followed by LF, an LF not
/// preceded by CR, and NUL (<see cref="SawOddBytes"/>).
/// </remarks>
internal sealed class MimeLineReader : IDisposable
{
    /// <summary>How many bytes of a line (without its CRLF) are kept in <see cref="Head"/>.</summary>
    public const int HeadCapacity = 1024;

    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private readonly byte[] _head = new byte[HeadCapacity + 2];
    private long _unread;
    private int _start;
    private int _end;
    private long _position;
    private int _headRaw;
    private bool _pendingCr;
    private int _headLength;

    /// <summary>Reads at most <paramref name="length"/> bytes from <paramref name="stream"/>'s current position.</summary>
    public MimeLineReader(Stream stream, long length)
    {
        _stream = stream;
        _unread = length;
    }

    /// <summary>Offset of the current line from the start of the message.</summary>
    public long LineStart { get; private set; }

    /// <summary>Length of the current line including its line end.</summary>
    public long LineLength { get; private set; }

    /// <summary>The current line ends with CRLF (false only for a last line without a line end, or a bare LF).</summary>
    public bool EndsWithCrlf { get; private set; }

    /// <summary>The current line is longer than <see cref="Head"/> (without its line end).</summary>
    public bool IsTruncated { get; private set; }

    /// <summary>Offset just after the last byte read: the message length once <see cref="NextAsync"/> returned false.</summary>
    public long Position => _position;

    /// <summary>A bare CR, a bare LF or a NUL byte was seen in the lines read so far.</summary>
    public bool SawOddBytes { get; private set; }

    /// <summary>The stream ended before the announced length.</summary>
    public bool EndedEarly { get; private set; }

    /// <summary>The first bytes of the current line without its line end (at most <see cref="HeadCapacity"/>).</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    /// <summary>The current line without its line end is empty.</summary>
    public bool IsBlank => EndsWithCrlf && LineLength == 2;

    /// <summary>Moves to the next line; false at the end of the message.</summary>
    public async ValueTask<bool> NextAsync(CancellationToken cancellationToken)
    {
        LineStart = _position;
        LineLength = 0;
        _headRaw = 0;
        var sawLf = false;
        var crlf = false;
        while (!sawLf)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                break;
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            var chunk = lf < 0 ? span : span[..(lf + 1)];
            sawLf = lf >= 0;
            crlf = Inspect(chunk, sawLf);
            if (_headRaw < _head.Length)
            {
                var copy = Math.Min(chunk.Length, _head.Length - _headRaw);
                chunk[..copy].CopyTo(_head.AsSpan(_headRaw));
                _headRaw += copy;
            }

            LineLength += chunk.Length;
            _position += chunk.Length;
            _start += chunk.Length;
        }

        if (_pendingCr && !sawLf)
        {
            SawOddBytes = true; // a CR at the very end of the message
            _pendingCr = false;
        }

        if (LineLength == 0)
        {
            return false;
        }

        EndsWithCrlf = sawLf && crlf;
        var content = LineLength - (EndsWithCrlf ? 2 : sawLf ? 1 : 0);
        _headLength = (int)Math.Min(content, Math.Min(_headRaw, HeadCapacity));
        IsTruncated = content > _headLength;
        return true;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    // Looks at one piece of a line (ending with its LF when endsWithLf) for NUL and bare CR; returns whether that LF
    // follows a CR (a CR may end the previous piece).
    private bool Inspect(ReadOnlySpan<byte> chunk, bool endsWithLf)
    {
        var crBefore = _pendingCr;
        if (_pendingCr && !(endsWithLf && chunk.Length == 1))
        {
            SawOddBytes = true; // the CR ending the previous piece is not followed by LF
        }

        _pendingCr = false;
        if (chunk.Contains((byte)0))
        {
            SawOddBytes = true;
        }

        var body = endsWithLf ? chunk[..^1] : chunk;
        var cr = body.IndexOf((byte)'\r');
        if (cr >= 0 && cr != body.Length - 1)
        {
            SawOddBytes = true; // a CR inside the line
        }
        else if (cr >= 0 && !endsWithLf)
        {
            _pendingCr = true; // the piece ends with CR: the next byte decides
        }

        if (!endsWithLf)
        {
            return false;
        }

        var crlf = body.IsEmpty ? crBefore : body[^1] == (byte)'\r';
        if (!crlf)
        {
            SawOddBytes = true; // bare LF
        }

        return crlf;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = 0;
        if (_unread <= 0)
        {
            return false;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(0, (int)Math.Min(BufferSize, _unread)), cancellationToken);
        if (read == 0)
        {
            EndedEarly = true;
            _unread = 0;
            return false;
        }

        _end = read;
        _unread -= read;
        return true;
    }
}
