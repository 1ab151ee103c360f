using System.Buffers;
using System.Text;

namespace Gateway.FreeBusy.Wire;

/// <summary>
/// Reads FTP command lines from a byte sequence. Pure: no I/O, no logging, and nothing thrown for
/// short or bad input.
/// </summary>
internal static class FtpCommandReader
{
    private const byte Iac = 0xFF;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads one command line.</summary>
    /// <remarks>
    /// <code>
    /// command-line = verb [SP argument] CRLF       ; RFC 959 §5.3.1 (a bare LF is accepted too)
    /// verb         = 3*4ALPHA                      ; case-insensitive, returned upper case
    /// argument     = *(UTF-8 except CR, LF, NUL and other controls)   ; RFC 2640 §2.2
    /// </code>
    /// Telnet commands (IAC x, IAC WILL/WONT/DO/DONT y; RFC 854), which clients send before ABOR, are
    /// removed. <see cref="OperationStatus.NeedMoreData"/> consumes nothing. <see cref="OperationStatus.InvalidData"/>
    /// consumes the bad line; for <see cref="FtpSyntaxError.LineTooLong"/> without a line end yet, it
    /// consumes what there is and the following calls skip the rest of that line.
    /// </remarks>
    public static OperationStatus TryRead(
        ref FtpReaderState state,
        in ReadOnlySequence<byte> input,
        FtpLimits limits,
        out FtpCommand command,
        out SequencePosition consumed,
        out SequencePosition examined,
        out FtpSyntaxError error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        command = default;
        error = FtpSyntaxError.None;
        var reader = new SequenceReader<byte>(input);
        if (state.Discarding)
        {
            if (!reader.TryAdvanceTo((byte)'\n'))
            {
                consumed = examined = input.End;
                return OperationStatus.NeedMoreData;
            }

            state.Discarding = false;
        }

        var start = reader.Position;
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            if (reader.Remaining >= limits.MaxLineLength)
            {
                state.Discarding = true;
                consumed = examined = input.End;
                error = FtpSyntaxError.LineTooLong;
                return OperationStatus.InvalidData;
            }

            consumed = start;
            examined = input.End;
            return OperationStatus.NeedMoreData;
        }

        consumed = examined = reader.Position;
        if (line.Length + 1 > limits.MaxLineLength)
        {
            error = FtpSyntaxError.LineTooLong;
            return OperationStatus.InvalidData;
        }

        var bytes = StripTelnet(line.IsSingleSegment ? line.FirstSpan : line.ToArray());
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        error = Parse(bytes, out command);
        return error == FtpSyntaxError.None ? OperationStatus.Done : OperationStatus.InvalidData;
    }

    private static FtpSyntaxError Parse(ReadOnlySpan<byte> line, out FtpCommand command)
    {
        command = default;
        var verbLength = 0;
        while (verbLength < line.Length && char.IsAsciiLetter((char)line[verbLength]))
        {
            verbLength++;
        }

        if (verbLength is < 3 or > 4 || (verbLength < line.Length && line[verbLength] != (byte)' '))
        {
            return FtpSyntaxError.BadVerb;
        }

        var verb = Encoding.ASCII.GetString(line[..verbLength]).ToUpperInvariant();
        var rawArgument = verbLength < line.Length ? line[(verbLength + 1)..] : [];
        foreach (var b in rawArgument)
        {
            if (b < 0x20 || b == 0x7F)
            {
                return FtpSyntaxError.ControlCharacter;
            }
        }

        string argument;
        try
        {
            argument = s_strictUtf8.GetString(rawArgument);
        }
        catch (DecoderFallbackException)
        {
            return FtpSyntaxError.InvalidUtf8;
        }

        command = new FtpCommand(verb, argument);
        return FtpSyntaxError.None;
    }

    // IAC IAC is a data byte 0xFF; IAC WILL/WONT/DO/DONT option is three bytes; any other IAC x is two (RFC 854).
    private static ReadOnlySpan<byte> StripTelnet(ReadOnlySpan<byte> line)
    {
        var first = line.IndexOf(Iac);
        if (first < 0)
        {
            return line;
        }

        var output = new byte[line.Length];
        line[..first].CopyTo(output);
        var length = first;
        for (var i = first; i < line.Length; i++)
        {
            if (line[i] != Iac)
            {
                output[length++] = line[i];
                continue;
            }

            if (i + 1 >= line.Length)
            {
                break;
            }

            var next = line[i + 1];
            if (next == Iac)
            {
                output[length++] = Iac;
                i++;
            }
            else
            {
                i += next is >= 251 and <= 254 ? 2 : 1;
            }
        }

        return output.AsSpan(0, length);
    }
}
