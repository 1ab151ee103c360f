using System.Buffers;
using System.Globalization;
using System.Text;

namespace Gateway.Imap.Wire;

/// <summary>
/// Serialises tokens and strings to IMAP. Every string is written as an atom, a quoted string or a literal,
/// whichever its bytes allow, so a rewritten name is always valid IMAP (as MailKit's <c>ImapCommand</c> does for <c>%S</c>).
/// </summary>
/// <remarks>
/// The writer adds no spaces of its own: call <see cref="WriteSpace"/> between tokens. A synchronising literal
/// written into a command is only valid if the session waits for the peer's continuation request before its contents.
/// </remarks>
internal sealed class ImapWriter
{
    /// <summary>Strings longer than this are sent as literals even when they could be quoted.</summary>
    public const int MaxQuotedLength = 1024;

    private readonly IBufferWriter<byte> _output;

    public ImapWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes) => _output.Write(bytes);

    public void WriteSpace() => WriteByte((byte)' ');

    public void WriteCrlf() => _output.Write("\r\n"u8);

    public void WriteListOpen() => WriteByte((byte)'(');

    public void WriteListClose() => WriteByte((byte)')');

    public void WriteBracketOpen() => WriteByte((byte)'[');

    public void WriteBracketClose() => WriteByte((byte)']');

    public void WriteNil() => _output.Write(ImapAtoms.Nil);

    /// <summary>Writes <paramref name="atom"/> as is; the caller vouches that it is an atom.</summary>
    public void WriteAtom(ReadOnlySpan<byte> atom) => _output.Write(atom);

    /// <summary>Writes <c>quoted = DQUOTE *QUOTED-CHAR DQUOTE</c>, escaping <c>"</c> and <c>\</c> (RFC 3501 §9).</summary>
    public void WriteQuoted(ReadOnlySpan<byte> value)
    {
        var escapes = value.Count((byte)'"') + value.Count((byte)'\\');
        var span = _output.GetSpan(value.Length + escapes + 2);
        span[0] = (byte)'"';
        var j = 1;
        foreach (var b in value)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                span[j++] = (byte)'\\';
            }

            span[j++] = b;
        }

        span[j++] = (byte)'"';
        _output.Advance(j);
    }

    /// <summary>Writes <c>"{" number64 ["+"] "}" CRLF *CHAR8</c> or <c>"~{" number64 "}" CRLF *OCTET</c> (RFC 7888, RFC 3516).</summary>
    public void WriteLiteral(ReadOnlySpan<byte> value, bool nonSynchronizing, bool binary = false)
    {
        var span = _output.GetSpan(32);
        var j = 0;
        if (binary)
        {
            span[j++] = (byte)'~';
        }

        span[j++] = (byte)'{';
        value.Length.TryFormat(span[j..], out var written, default, CultureInfo.InvariantCulture);
        j += written;
        if (nonSynchronizing)
        {
            span[j++] = (byte)'+';
        }

        span[j++] = (byte)'}';
        span[j++] = (byte)'\r';
        span[j++] = (byte)'\n';
        _output.Advance(j);
        _output.Write(value);
    }

    /// <summary>Writes <c>astring = 1*ASTRING-CHAR / string</c>: an atom unless the value needs quoting or is NIL-like.</summary>
    public void WriteAString(ReadOnlySpan<byte> value, bool literalPlus)
    {
        if (ImapSyntax.IsAStringAtom(value))
        {
            _output.Write(value);
            return;
        }

        WriteString(value, literalPlus);
    }

    /// <summary>Writes <c>string = quoted / literal</c>: quoted unless the value holds CR, LF or NUL or is long.</summary>
    public void WriteString(ReadOnlySpan<byte> value, bool literalPlus)
    {
        if (value.Length <= MaxQuotedLength && ImapSyntax.IsQuotable(value))
        {
            WriteQuoted(value);
            return;
        }

        WriteLiteral(value, literalPlus);
    }

    public void WriteAString(string value, bool literalPlus)
    {
        ArgumentNullException.ThrowIfNull(value);
        WithUtf8(value, literalPlus, static (writer, bytes, plus) => writer.WriteAString(bytes, plus));
    }

    public void WriteString(string value, bool literalPlus)
    {
        ArgumentNullException.ThrowIfNull(value);
        WithUtf8(value, literalPlus, static (writer, bytes, plus) => writer.WriteString(bytes, plus));
    }

    /// <summary>Writes token <paramref name="index"/> of <paramref name="line"/> as received, preceded by SP if one preceded it.</summary>
    public void WriteToken(ImapLine line, int index)
    {
        ArgumentNullException.ThrowIfNull(line);
        var token = line[index];
        if (index > 0 && token.SpaceBefore)
        {
            WriteSpace();
        }

        if (token.Kind == ImapTokenKind.Literal)
        {
            if (!token.IsMaterialized)
            {
                throw new InvalidOperationException("A streamed literal cannot be rewritten.");
            }

            // Header, CRLF and contents lie back to back in the line buffer.
            _output.Write(line.Bytes[token.Start..(token.ValueStart + token.ValueLength)]);
            return;
        }

        _output.Write(line.Raw(token));
    }

    public void WriteTokens(ImapLine line, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            WriteToken(line, i);
        }
    }

    /// <summary>Writes every token of <paramref name="line"/> and CRLF.</summary>
    public void WriteLine(ImapLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        WriteTokens(line, 0, line.Count);
        WriteCrlf();
    }

    private void WriteByte(byte b)
    {
        _output.GetSpan(1)[0] = b;
        _output.Advance(1);
    }

    private delegate void Utf8Action(ImapWriter writer, ReadOnlySpan<byte> bytes, bool literalPlus);

    private void WithUtf8(string value, bool literalPlus, Utf8Action action)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(value, buffer);
            action(this, buffer[..n], literalPlus);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
