namespace Gateway.Smtp.Front;

/// <summary>
/// Removes SMTP dot-stuffing from a DATA stream and finds its end, incrementally over any chunking.
/// </summary>
/// <remarks>
/// <code>
/// data = *(line) "." CRLF          ; RFC 5321 §4.1.1.4; a line starting with "." had one more "." prepended (§4.5.2)
/// </code>
/// The end is only CRLF "." CRLF (the first CRLF belongs to the message); a bare LF never ends a line
/// here, so "LF . LF" cannot smuggle a second message past the gateway. The decoder never holds more
/// than the one state byte it needs; callers pass each chunk once.
/// </remarks>
internal struct DotDecoder
{
    private State _state;

    private enum State
    {
        // At the start of a line (also the very start of the data).
        LineStart = 0,

        // Inside a line.
        Body,

        // Inside a line, the last byte written was CR.
        AfterCr,

        // A "." at the start of a line was read and not yet written.
        Dot,

        // "." CR at the start of a line was read; neither was written yet.
        DotCr,
    }

    /// <summary>
    /// Decodes <paramref name="input"/> into <paramref name="output"/>, which must be one byte longer than the
    /// input: a "." CR held back from the previous chunk may turn out to be content.
    /// </summary>
    /// <returns>True when the terminating "." CRLF was found; <paramref name="consumed"/> then stops right after it.</returns>
    public bool Decode(ReadOnlySpan<byte> input, Span<byte> output, out int consumed, out int written)
    {
        var i = 0;
        var o = 0;
        while (i < input.Length)
        {
            var b = input[i];
            switch (_state)
            {
                case State.LineStart:
                    if (b == (byte)'.')
                    {
                        _state = State.Dot;
                        i++;
                        continue;
                    }

                    _state = State.Body;
                    continue;

                case State.Body:
                    {
                        var rest = input[i..];
                        var cr = rest.IndexOf((byte)'\r');
                        var take = cr < 0 ? rest.Length : cr + 1;
                        rest[..take].CopyTo(output[o..]);
                        o += take;
                        i += take;
                        if (cr >= 0)
                        {
                            _state = State.AfterCr;
                        }

                        continue;
                    }

                case State.AfterCr:
                    if (b == (byte)'\n')
                    {
                        output[o++] = b;
                        i++;
                        _state = State.LineStart;
                    }
                    else
                    {
                        _state = State.Body;
                    }

                    continue;

                case State.Dot:
                    if (b == (byte)'\r')
                    {
                        _state = State.DotCr;
                        i++;
                        continue;
                    }

                    // A stuffed dot: drop it, keep the rest of the line.
                    _state = State.Body;
                    continue;

                case State.DotCr:
                    if (b == (byte)'\n')
                    {
                        consumed = i + 1;
                        written = o;
                        _state = State.LineStart;
                        return true;
                    }

                    // "." CR followed by something else: the dot was stuffing, the CR is content.
                    output[o++] = (byte)'\r';
                    _state = State.Body;
                    continue;
            }
        }

        consumed = i;
        written = o;
        return false;
    }
}
