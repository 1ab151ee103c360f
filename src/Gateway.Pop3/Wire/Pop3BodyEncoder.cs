namespace Gateway.Pop3.Wire;

/// <summary>
/// Turns message bytes, chunk by chunk, into the body of a RETR or TOP response: bare LF becomes CRLF, NUL becomes
/// 0x80, and a line that starts with <c>.</c> gets another <c>.</c> (RFC 1939 §3). For TOP it stops after the header
/// and the requested number of body lines.
/// </summary>
/// <remarks>
/// <para><see cref="Size"/> counts what is sent before dot-stuffing: the message with CRLF line ends. That is the
/// size LIST and STAT report, and equals IMAP's RFC822.SIZE for a server that follows RFC 3501 (whose size is of the
/// message in CRLF form). NUL→0x80 keeps the size (Dovecot's <c>outlook-no-nuls</c>: Outlook hangs on NUL).</para>
/// <para>Bare CR is passed on unchanged; long lines are never split (a line over 998 octets round-trips). The CRLF a
/// caller adds after a last line without a line end (<see cref="AtLineStart"/> false) is part of the terminator,
/// not of the message, as in Dovecot.</para>
/// <para>Worst case the output is twice the input (every byte an LF or a leading dot), so the output span must be
/// at least <c>2 × input</c>.</para>
/// </remarks>
internal sealed class Pop3BodyEncoder
{
    private readonly int _topLines;
    private bool _atLineStart = true;
    private bool _previousWasCr;
    private bool _inHeader = true;
    private int _lineBytes;
    private int _bodyLines;

    /// <param name="topLines">For TOP: the number of body lines after the header; -1 (RETR) sends everything.</param>
    public Pop3BodyEncoder(int topLines = -1)
    {
        _topLines = topLines;
    }

    /// <summary>Octets of the message sent so far with CRLF line ends, before dot-stuffing.</summary>
    public long Size { get; private set; }

    /// <summary>True at the start of the message and after each line end.</summary>
    public bool AtLineStart => _atLineStart;

    /// <summary>For TOP: the header and the requested lines are out; the rest of the input is ignored.</summary>
    public bool Done { get; private set; }

    /// <summary>Encodes as much of <paramref name="input"/> as belongs to the response into <paramref name="output"/>.</summary>
    /// <returns>The number of bytes written to <paramref name="output"/>.</returns>
    public int Encode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < input.Length * 2)
        {
            throw new ArgumentException("the output must hold twice the input", nameof(output));
        }

        var written = 0;
        for (var i = 0; i < input.Length && !Done; i++)
        {
            var b = input[i];
            if (b == (byte)'\n')
            {
                if (!_previousWasCr)
                {
                    output[written++] = (byte)'\r';
                    Size++;
                }

                output[written++] = b;
                Size++;
                EndLine();
                continue;
            }

            if (_atLineStart && b == (byte)'.')
            {
                output[written++] = b;
            }

            _atLineStart = false;
            _previousWasCr = b == (byte)'\r';
            _lineBytes++;
            output[written++] = b == 0 ? (byte)0x80 : b;
            Size++;
        }

        return written;
    }

    private void EndLine()
    {
        // An empty line is CRLF or LF alone: the bytes before the LF were nothing or one CR.
        var empty = _lineBytes == 0 || (_lineBytes == 1 && _previousWasCr);
        _atLineStart = true;
        _previousWasCr = false;
        _lineBytes = 0;
        if (_topLines < 0)
        {
            return;
        }

        if (_inHeader)
        {
            _inHeader = !empty;
            Done = !_inHeader && _topLines == 0;
            return;
        }

        Done = ++_bodyLines >= _topLines;
    }
}
