using System.Buffers;
using System.Diagnostics;

namespace Gateway.Imap.Wire;

/// <summary>
/// Reads IMAP client commands and server responses one segment (bytes up to CRLF) at a time into an
/// <see cref="ImapLine"/>, in Kestrel's <c>HttpParser</c> shape: no I/O, no exceptions for short or bad input.
/// </summary>
/// <remarks>
/// Literal contents are never consumed here: a segment ending in a literal header leaves it in
/// <see cref="ImapReaderState.PendingLiteral"/>; the caller then calls <see cref="TryReadLiteral"/> (small) or
/// streams the bytes itself and calls <see cref="SkipLiteral"/>, and goes on with <see cref="TryReadSegment"/>.
/// </remarks>
internal static class ImapReader
{
    /// <summary>Reads one segment and appends its tokens to <paramref name="line"/> (cleared first at a line start).</summary>
    /// <returns>
    /// <see cref="OperationStatus.Done"/> with <paramref name="consumed"/> past the CRLF;
    /// <see cref="OperationStatus.NeedMoreData"/> consuming nothing;
    /// <see cref="OperationStatus.InvalidData"/> with <paramref name="error"/>; when it can be resynchronised,
    /// <paramref name="consumed"/> is past the bad segment's line end and <paramref name="state"/> is reset.
    /// </returns>
    public static OperationStatus TryReadSegment(
        ref ImapReaderState state,
        in ReadOnlySequence<byte> input,
        ImapLine line,
        ImapLimits limits,
        out SequencePosition consumed,
        out SequencePosition examined,
        out ImapSyntaxError error)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(limits);
        if (state.PendingLiteral is not null)
        {
            throw new InvalidOperationException("A literal is pending: call TryReadLiteral or SkipLiteral first.");
        }

        var status = TryFindSegment(input, limits, out var segment, out consumed, out examined, out error);
        if (status != OperationStatus.Done)
        {
            if (status == OperationStatus.InvalidData)
            {
                state.Reset();
            }

            return status;
        }

        if (!state.InLine)
        {
            line.Clear();
        }

        var start = line.Append(segment);
        var end = start + (int)segment.Length - 2;
        var reason = Tokenize(ref state, line, start, end, limits, out var offset);
        if (reason != ImapSyntaxErrorReason.None)
        {
            var resync = !EndsWithNonSynchronizingLiteral(line.Bytes[start..end]);
            error = new ImapSyntaxError(reason, offset - start, resync);
            state.Reset();
            line.IsComplete = false;
            if (!resync)
            {
                consumed = input.Start;
            }

            return OperationStatus.InvalidData;
        }

        if (state.PendingLiteral is null)
        {
            state.Reset();
            line.IsComplete = true;
        }
        else
        {
            state.InLine = true;
            line.IsComplete = false;
        }

        return OperationStatus.Done;
    }

    /// <summary>Reads the pending literal's contents into <paramref name="line"/>; it must fit <see cref="ImapLimits.MaxMaterializedLiteral"/>.</summary>
    public static OperationStatus TryReadLiteral(
        ref ImapReaderState state,
        in ReadOnlySequence<byte> input,
        ImapLine line,
        ImapLimits limits,
        out SequencePosition consumed,
        out SequencePosition examined,
        out ImapSyntaxError error)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(limits);
        if (state.PendingLiteral is not { } literal)
        {
            throw new InvalidOperationException("No literal is pending.");
        }

        if (literal.Length > limits.MaxMaterializedLiteral)
        {
            throw new InvalidOperationException($"A {literal.Length}-octet literal must be streamed, not materialised.");
        }

        error = default;
        if (input.Length < literal.Length)
        {
            consumed = input.Start;
            examined = input.End;
            return OperationStatus.NeedMoreData;
        }

        var end = input.GetPosition(literal.Length);
        var start = line.Append(input.Slice(input.Start, end));
        line.SetLiteralValue(state.PendingLiteralIndex, start, (int)literal.Length);
        state.PendingLiteral = null;
        state.PendingLiteralIndex = -1;
        consumed = end;
        examined = end;
        return OperationStatus.Done;
    }

    /// <summary>Records that the caller forwarded the pending literal's contents itself.</summary>
    public static void SkipLiteral(ref ImapReaderState state)
    {
        if (state.PendingLiteral is null)
        {
            throw new InvalidOperationException("No literal is pending.");
        }

        state.PendingLiteral = null;
        state.PendingLiteralIndex = -1;
    }

    /// <summary>
    /// Reads a line the session expects to be raw, such as AUTHENTICATE data or <c>DONE</c>, as one
    /// <see cref="ImapTokenKind.Text"/> token.
    /// </summary>
    /// <remarks>
    /// <c>authenticate = "AUTHENTICATE" SP auth-type *(CRLF base64)</c> (RFC 3501 §9),
    /// <c>idle = "IDLE" CRLF "DONE"</c> (RFC 2177 §3).
    /// </remarks>
    public static OperationStatus TryReadRawLine(
        in ReadOnlySequence<byte> input,
        ImapLine line,
        ImapLimits limits,
        out SequencePosition consumed,
        out SequencePosition examined,
        out ImapSyntaxError error)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(limits);
        var status = TryFindSegment(input, limits, out var segment, out consumed, out examined, out error);
        if (status != OperationStatus.Done)
        {
            return status;
        }

        line.Clear();
        var start = line.Append(segment);
        line.Kind = ImapLineKind.Raw;
        line.Add(ImapRawToken.Simple(ImapTokenKind.Text, start, (int)segment.Length - 2, spaceBefore: false));
        line.IsComplete = true;
        return OperationStatus.Done;
    }

    // Finds the next CRLF and checks what can be checked on the whole segment: length, bare LF, NUL, stray CR.
    private static OperationStatus TryFindSegment(
        in ReadOnlySequence<byte> input,
        ImapLimits limits,
        out ReadOnlySequence<byte> segment,
        out SequencePosition consumed,
        out SequencePosition examined,
        out ImapSyntaxError error)
    {
        segment = default;
        error = default;
        var lf = input.PositionOf((byte)'\n');
        if (lf is null)
        {
            consumed = input.Start;
            examined = input.End;
            if (input.Length > limits.MaxLineLength + 1L)
            {
                error = new ImapSyntaxError(ImapSyntaxErrorReason.LineTooLong, limits.MaxLineLength, CanResynchronize: false);
                return OperationStatus.InvalidData;
            }

            return OperationStatus.NeedMoreData;
        }

        var end = input.GetPosition(1, lf.Value);
        segment = input.Slice(input.Start, end);
        consumed = end;
        examined = end;
        var length = segment.Length;
        if (length - 2 > limits.MaxLineLength)
        {
            error = new ImapSyntaxError(ImapSyntaxErrorReason.LineTooLong, limits.MaxLineLength, !EndsWithNonSynchronizingLiteral(Tail(segment, stackalloc byte[32])));
            if (!error.CanResynchronize)
            {
                consumed = input.Start;
            }

            return OperationStatus.InvalidData;
        }

        // The segment is at most MaxLineLength + 2 bytes: check it in one contiguous span.
        var rented = segment.IsSingleSegment ? null : ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            ReadOnlySpan<byte> bytes;
            if (rented is null)
            {
                bytes = segment.FirstSpan;
            }
            else
            {
                segment.CopyTo(rented);
                bytes = rented.AsSpan(0, (int)length);
            }

            if (length < 2 || bytes[^2] != (byte)'\r')
            {
                error = new ImapSyntaxError(ImapSyntaxErrorReason.BareLineFeed, (int)length - 1, CanResynchronize: true);
                return OperationStatus.InvalidData;
            }

            var content = bytes[..^2];
            var bad = content.IndexOfAny((byte)0, (byte)'\r');
            if (bad >= 0)
            {
                var reason = content[bad] == 0 ? ImapSyntaxErrorReason.NulByte : ImapSyntaxErrorReason.ControlCharacter;
                error = new ImapSyntaxError(reason, bad, !EndsWithNonSynchronizingLiteral(content));
                if (!error.CanResynchronize)
                {
                    consumed = input.Start;
                }

                return OperationStatus.InvalidData;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return OperationStatus.Done;
    }

    // command  = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF   (RFC 3501 §9)
    // response = *(continue-req / response-data) response-done
    // continue-req  = "+" SP (resp-text / base64) CRLF
    // response-data = "*" SP (resp-cond-state / resp-cond-bye / mailbox-data / message-data / capability-data) CRLF
    // response-tagged = tag SP resp-cond-state CRLF
    private static ImapSyntaxErrorReason Tokenize(ref ImapReaderState state, ImapLine line, int start, int end, ImapLimits limits, out int offset)
    {
        var span = line.Bytes;
        var i = start;
        offset = start;
        if (state.InLine)
        {
            return ReadTokens(ref state, line, span, ref i, end, limits, out offset);
        }

        if (start == end)
        {
            return ImapSyntaxErrorReason.EmptyLine;
        }

        if (state.Mode == ImapReaderMode.Command)
        {
            line.Kind = ImapLineKind.Command;
            var reason = ReadTag(line, span, ref i, end, out offset);
            if (reason != ImapSyntaxErrorReason.None)
            {
                return reason;
            }

            if (!TryReadWord(line, span, ref i, end))
            {
                offset = i;
                return ImapSyntaxErrorReason.MissingCommand;
            }

            return ReadTokens(ref state, line, span, ref i, end, limits, out offset);
        }

        var first = span[i];
        if (first == (byte)'+')
        {
            line.Kind = ImapLineKind.Continuation;
            line.Add(ImapRawToken.Simple(ImapTokenKind.Atom, i, 1, spaceBefore: false));
            i++;
            return ReadRespText(ref state, line, span, ref i, end, limits, out offset);
        }

        if (first == (byte)'*')
        {
            line.Kind = ImapLineKind.Untagged;
            line.Add(ImapRawToken.Simple(ImapTokenKind.Atom, i, 1, spaceBefore: false));
            i++;
            if (i == end || span[i] != (byte)' ')
            {
                offset = i;
                return ImapSyntaxErrorReason.UnexpectedCharacter;
            }
        }
        else
        {
            line.Kind = ImapLineKind.Tagged;
            var reason = ReadTag(line, span, ref i, end, out offset);
            if (reason != ImapSyntaxErrorReason.None)
            {
                return reason;
            }
        }

        if (!TryReadWord(line, span, ref i, end))
        {
            offset = i;
            return ImapSyntaxErrorReason.MissingCommand;
        }

        var word = line.Raw(line[^1]);
        if (ImapSyntax.IsStatusWord(word))
        {
            return ReadRespText(ref state, line, span, ref i, end, limits, out offset);
        }

        // message-data = nz-number SP ("EXPUNGE" / ("FETCH" SP msg-att))   mailbox-data =/ number SP "EXISTS"
        if (line.Kind == ImapLineKind.Untagged && line.TryGetNumber(line.Count - 1, out _) && !TryReadWord(line, span, ref i, end))
        {
            offset = i;
            return ImapSyntaxErrorReason.MissingCommand;
        }

        return ReadTokens(ref state, line, span, ref i, end, limits, out offset);
    }

    // tag = 1*<any ASTRING-CHAR except "+">, followed by SP   (RFC 3501 §9)
    private static ImapSyntaxErrorReason ReadTag(ImapLine line, ReadOnlySpan<byte> span, ref int i, int end, out int offset)
    {
        var start = i;
        while (i < end && ImapSyntax.IsTagChar(span[i]))
        {
            i++;
        }

        offset = i;
        if (i == start || (i < end && span[i] != (byte)' '))
        {
            return ImapSyntaxErrorReason.InvalidTag;
        }

        line.Add(ImapRawToken.Simple(ImapTokenKind.Atom, start, i - start, spaceBefore: false));
        if (i == end)
        {
            return ImapSyntaxErrorReason.MissingCommand;
        }

        return ImapSyntaxErrorReason.None;
    }

    // SP followed by a command or response name (an atom); i is left after it.
    private static bool TryReadWord(ImapLine line, ReadOnlySpan<byte> span, ref int i, int end)
    {
        if (i >= end || span[i] != (byte)' ')
        {
            return false;
        }

        var start = i + 1;
        var j = start;
        while (j < end && ImapSyntax.IsAtomChar(span[j]))
        {
            j++;
        }

        if (j == start || (j < end && span[j] != (byte)' '))
        {
            return false;
        }

        line.Add(ImapRawToken.Simple(ImapTokenKind.Atom, start, j - start, spaceBefore: true));
        i = j;
        return true;
    }

    // resp-text = ["[" resp-text-code "]" SP] text     (RFC 3501 §9; text may be empty, as servers send "+" and "a1 OK")
    private static ImapSyntaxErrorReason ReadRespText(ref ImapReaderState state, ImapLine line, ReadOnlySpan<byte> span, ref int i, int end, ImapLimits limits, out int offset)
    {
        offset = i;
        if (i == end)
        {
            return ImapSyntaxErrorReason.None;
        }

        if (span[i] != (byte)' ')
        {
            return ImapSyntaxErrorReason.UnexpectedCharacter;
        }

        i++;
        if (i < end && span[i] == (byte)'[')
        {
            line.Add(ImapRawToken.Simple(ImapTokenKind.BracketOpen, i, 1, spaceBefore: true));
            state.CodeDepth = state.Depth;
            i++;
            return ReadTokens(ref state, line, span, ref i, end, limits, out offset);
        }

        return AddText(line, i, end, spaceBefore: true, limits, out offset);
    }

    private static ImapSyntaxErrorReason AddText(ImapLine line, int start, int end, bool spaceBefore, ImapLimits limits, out int offset)
    {
        offset = start;
        if (line.Count >= limits.MaxTokensPerLine)
        {
            return ImapSyntaxErrorReason.TooManyTokens;
        }

        line.Add(ImapRawToken.Simple(ImapTokenKind.Text, start, end - start, spaceBefore));
        return ImapSyntaxErrorReason.None;
    }

    // Generic tokens: atoms, NIL, quoted strings, literal headers, lists, sections and the rest of a response code.
    //   string  = quoted / literal
    //   quoted  = DQUOTE *QUOTED-CHAR DQUOTE;  QUOTED-CHAR = <any TEXT-CHAR except quoted-specials> / "\" quoted-specials
    //   literal = "{" number64 ["+"] "}" CRLF *CHAR8          (RFC 3501 §9, RFC 7888 §3, RFC 6855 §3: 8-bit accepted)
    //   literal8 = "~{" number64 "}" CRLF *OCTET             (RFC 3516 §4.2)
    //   section = "[" [section-spec] "]"; fetch-att =/ "BODY" ["." "PEEK"] section ["<" number "." nz-number ">"]
    private static ImapSyntaxErrorReason ReadTokens(ref ImapReaderState state, ImapLine line, ReadOnlySpan<byte> span, ref int i, int end, ImapLimits limits, out int offset)
    {
        var space = false;
        while (i < end)
        {
            var b = span[i];
            offset = i;
            if (b == (byte)' ')
            {
                space = true;
                i++;
                continue;
            }

            if (line.Count >= limits.MaxTokensPerLine)
            {
                return ImapSyntaxErrorReason.TooManyTokens;
            }

            switch (b)
            {
                case (byte)'(':
                    if (state.Depth >= limits.MaxNestingDepth)
                    {
                        return ImapSyntaxErrorReason.NestingTooDeep;
                    }

                    state.Depth++;
                    line.Add(ImapRawToken.Simple(ImapTokenKind.ListOpen, i, 1, space));
                    i++;
                    break;

                case (byte)')':
                    if (state.Depth == 0 || state.Depth == state.SectionDepth || state.Depth == state.CodeDepth)
                    {
                        return ImapSyntaxErrorReason.UnbalancedParenthesis;
                    }

                    state.Depth--;
                    line.Add(ImapRawToken.Simple(ImapTokenKind.ListClose, i, 1, space));
                    i++;
                    break;

                case (byte)'"':
                    {
                        var reason = ReadQuoted(line, span, ref i, end, space, out offset);
                        if (reason != ImapSyntaxErrorReason.None)
                        {
                            return reason;
                        }

                        break;
                    }

                case (byte)'{':
                case (byte)'~' when i + 1 < end && span[i + 1] == (byte)'{':
                    {
                        var reason = ReadLiteralHeader(ref state, line, span, ref i, end, space, limits, out offset);
                        if (reason != ImapSyntaxErrorReason.None)
                        {
                            return reason;
                        }

                        break;
                    }

                case (byte)']' when state.SectionDepth >= 0 || state.CodeDepth >= 0:
                    if (state.Depth == state.SectionDepth)
                    {
                        state.SectionDepth = -1;
                        line.Add(ImapRawToken.Simple(ImapTokenKind.BracketClose, i, 1, space));
                        i++;
                        break;
                    }

                    if (state.Depth != state.CodeDepth)
                    {
                        return ImapSyntaxErrorReason.UnbalancedBracket;
                    }

                    state.CodeDepth = -1;
                    line.Add(ImapRawToken.Simple(ImapTokenKind.BracketClose, i, 1, space));
                    i++;
                    if (i == end)
                    {
                        return ImapSyntaxErrorReason.None;
                    }

                    // The rest after "]" is free text; Note: some servers omit the SP, so it is not required.
                    var hasSpace = span[i] == (byte)' ';
                    var reasonText = AddText(line, hasSpace ? i + 1 : i, end, hasSpace, limits, out offset);
                    i = end;
                    return reasonText;

                case < 0x20 or 0x7f:
                    return ImapSyntaxErrorReason.ControlCharacter;

                default:
                    {
                        var reason = ReadAtom(ref state, line, span, ref i, end, space, limits, out offset);
                        if (reason != ImapSyntaxErrorReason.None)
                        {
                            return reason;
                        }

                        break;
                    }
            }

            space = false;
        }

        offset = end;
        if (state.PendingLiteral is not null)
        {
            return ImapSyntaxErrorReason.None;
        }

        if (state.SectionDepth >= 0 || state.CodeDepth >= 0)
        {
            return ImapSyntaxErrorReason.UnbalancedBracket;
        }

        return state.Depth != 0 ? ImapSyntaxErrorReason.UnbalancedParenthesis : ImapSyntaxErrorReason.None;
    }

    private static ImapSyntaxErrorReason ReadQuoted(ImapLine line, ReadOnlySpan<byte> span, ref int i, int end, bool space, out int offset)
    {
        var k = i + 1;
        var escapes = false;
        while (true)
        {
            var next = span[k..end].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0)
            {
                offset = end;
                return ImapSyntaxErrorReason.UnterminatedQuotedString;
            }

            k += next;
            if (span[k] == (byte)'"')
            {
                break;
            }

            if (k + 1 == end)
            {
                offset = end;
                return ImapSyntaxErrorReason.UnterminatedQuotedString;
            }

            if (span[k + 1] is not ((byte)'"' or (byte)'\\'))
            {
                offset = k;
                return ImapSyntaxErrorReason.InvalidEscape;
            }

            escapes = true;
            k += 2;
        }

        line.Add(ImapRawToken.Quoted(i, k + 1 - i, space, escapes));
        i = k + 1;
        offset = i;
        return ImapSyntaxErrorReason.None;
    }

    private static ImapSyntaxErrorReason ReadLiteralHeader(ref ImapReaderState state, ImapLine line, ReadOnlySpan<byte> span, ref int i, int end, bool space, ImapLimits limits, out int offset)
    {
        var start = i;
        var binary = span[i] == (byte)'~';
        var k = binary ? i + 2 : i + 1;
        var digits = k;
        long length = 0;
        var tooLarge = false;
        while (k < end && ImapSyntax.IsDigit(span[k]))
        {
            if (length > (long.MaxValue - 9) / 10)
            {
                tooLarge = true;
            }
            else
            {
                length = (length * 10) + (span[k] - '0');
            }

            k++;
        }

        offset = k;
        if (k == digits)
        {
            return ImapSyntaxErrorReason.InvalidLiteral;
        }

        var nonSync = k < end && span[k] == (byte)'+';
        if (nonSync)
        {
            k++;
        }

        if (k >= end || span[k] != (byte)'}')
        {
            offset = k;
            return ImapSyntaxErrorReason.InvalidLiteral;
        }

        k++;
        if (k != end)
        {
            offset = k;
            return ImapSyntaxErrorReason.LiteralNotAtEnd;
        }

        if (tooLarge || length > limits.MaxLiteralSize)
        {
            offset = start;
            return ImapSyntaxErrorReason.LiteralTooLarge;
        }

        var header = new LiteralHeader(length, nonSync, binary);
        line.Add(ImapRawToken.ForLiteral(start, k - start, space, header));
        state.PendingLiteral = header;
        state.PendingLiteralIndex = line.Count - 1;
        i = k;
        offset = k;
        return ImapSyntaxErrorReason.None;
    }

    // atom = 1*ATOM-CHAR, read leniently: 8-bit bytes, list-wildcards, "\" (flags) and "]" outside a section or
    // code are kept in the atom, so sequence sets, patterns, flags and names such as [Gmail]/Sent stay one token.
    private static ImapSyntaxErrorReason ReadAtom(ref ImapReaderState state, ImapLine line, ReadOnlySpan<byte> span, ref int i, int end, bool space, ImapLimits limits, out int offset)
    {
        var start = i;
        var inBrackets = state.SectionDepth >= 0 || state.CodeDepth >= 0;
        var k = i;
        var section = false;
        while (k < end)
        {
            var c = span[k];
            if (c is (byte)' ' or (byte)'(' or (byte)')' or (byte)'"' or < 0x20 or 0x7f || (c == (byte)']' && inBrackets))
            {
                break;
            }

            if (c == (byte)'{')
            {
                offset = k;
                return ImapSyntaxErrorReason.UnexpectedCharacter;
            }

            if (c == (byte)'[' && k > start && state.SectionDepth < 0 && ImapSyntax.IsSectionKeyword(span[start..k]))
            {
                section = true;
                break;
            }

            k++;
        }

        Debug.Assert(k > start, "an atom starts with an atom byte");
        var kind = k - start == 3 && System.Text.Ascii.EqualsIgnoreCase(span[start..k], ImapAtoms.Nil) ? ImapTokenKind.Nil : ImapTokenKind.Atom;
        line.Add(ImapRawToken.Simple(kind, start, k - start, space));
        if (section)
        {
            if (line.Count >= limits.MaxTokensPerLine)
            {
                offset = k;
                return ImapSyntaxErrorReason.TooManyTokens;
            }

            line.Add(ImapRawToken.Simple(ImapTokenKind.BracketOpen, k, 1, spaceBefore: false));
            state.SectionDepth = state.Depth;
            k++;
        }

        i = k;
        offset = k;
        return ImapSyntaxErrorReason.None;
    }

    // A line whose last bytes are "{" number64 "+}" has announced a non-synchronising literal (RFC 7888 §3):
    // its contents follow without a continuation request, so a skipped line cannot be told apart from them.
    private static bool EndsWithNonSynchronizingLiteral(ReadOnlySpan<byte> content)
    {
        if (content.Length < 4 || content[^1] != (byte)'}' || content[^2] != (byte)'+')
        {
            return false;
        }

        var k = content.Length - 3;
        var digits = 0;
        while (k >= 0 && ImapSyntax.IsDigit(content[k]))
        {
            k--;
            digits++;
        }

        return digits > 0 && k >= 0 && content[k] == (byte)'{';
    }

    private static ReadOnlySpan<byte> Tail(in ReadOnlySequence<byte> segment, Span<byte> scratch)
    {
        var withoutEnding = segment.Length - 1;
        if (withoutEnding > 0 && segment.Slice(withoutEnding - 1, 1).FirstSpan[0] == (byte)'\r')
        {
            withoutEnding--;
        }

        var take = (int)Math.Min(withoutEnding, scratch.Length);
        segment.Slice(withoutEnding - take, take).CopyTo(scratch);
        return scratch[..take];
    }
}
