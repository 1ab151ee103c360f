using System.Text;

namespace Gateway.Imap.Cache;

/// <summary>
/// Finds where the sections of a message lie by reading it once as a stream (<see cref="MimeLineReader"/>), so that
/// <c>BODY[1.2]</c>, <c>BODY[HEADER]</c> and the like can be copied out of a cached <c>BODY[]</c> byte for byte.
/// </summary>
/// <remarks>
/// <para>
/// The rules are those on which Dovecot 2.3 and Cyrus 3.6 were seen to agree (tests/Gateway.IntegrationTests/Imap/
/// CacheDerivationTests.cs compares every derivation with both servers). Part content ends before the CRLF that
/// precedes the next boundary line (RFC 2046 §5.1.1), except that the line end of a close delimiter directly followed
/// by the enclosing boundary stays in the part; a message/rfc822 part holds a message with its own parts; a part of a
/// multipart/digest without Content-Type is message/rfc822; the single body part of a non-multipart message has the
/// message header as its MIME header; every other type is a leaf, and a leaf has no sub-parts.
/// </para>
/// <para>
/// Wherever the servers were seen to differ, or a rule is not certain, the tree is dropped (<see cref="MimeStructure.Message"/>
/// is null) and only the top-level header is derived, not even <c>TEXT</c> (Cyrus answers <c>BODY[TEXT] ""</c> for a
/// multipart without boundary):
/// a line that starts with "--" and an active boundary but is not exactly that boundary (Dovecot matches boundary
/// prefixes, Cyrus whole lines); a second Content-Type (Dovecot uses the first, Cyrus the last); a multipart without
/// a usable boundary or with RFC 2231 parameters (Cyrus decodes <c>boundary*=</c>, Dovecot does not); a part header
/// ended by a boundary instead of a blank line (Dovecot and Cyrus cut it differently); a message/rfc822 or multipart
/// part with a Content-Transfer-Encoding other than 7bit/8bit/binary (Dovecot then treats message/rfc822 as a leaf
/// and keeps the CRLF); message/global (its treatment changes between server versions); a multipart not closed
/// before its parent ends; a boundary line reused after its close delimiter; comments or odd syntax in a multipart
/// Content-Type; header lines without a field name; bare CR, bare LF or NUL anywhere; more than
/// <see cref="MaxDepth"/> levels or <see cref="MaxParts"/> parts.
/// </para>
/// </remarks>
internal static class MimePartLocator
{
    /// <summary>Deepest nesting of multiparts and messages that is scanned.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most parts that are scanned.</summary>
    public const int MaxParts = 1000;

    private const int MaxFieldLength = 8 * 1024;

    /// <summary>
    /// Reads <paramref name="length"/> message bytes from <paramref name="content"/> (its current position) and returns
    /// where its sections lie. With <paramref name="tree"/> false only the top-level header is read (enough for
    /// <c>HEADER</c>). Never throws for malformed input: what is unsure is left out of the result.
    /// </summary>
    public static async ValueTask<MimeStructure> ScanAsync(Stream content, long length, bool tree, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var reader = new MimeLineReader(content, length);
        var parser = new Parser(reader, cancellationToken);
        if (!await parser.NextAsync())
        {
            return new MimeStructure(length, -1, null);
        }

        var header = await parser.ReadHeaderAsync();
        if (header is null || header.SawOddBytes)
        {
            return new MimeStructure(length, -1, null);
        }

        if (!tree)
        {
            return new MimeStructure(length, header.End, null);
        }

        var message = header.IsClean ? await parser.ParseMessageBodyAsync(0, header, 0) : null;
        var whole = message is not null && !parser.HasLine && !reader.SawOddBytes && !reader.EndedEarly && reader.Position == length;
        return new MimeStructure(length, header.End, whole ? message : null);
    }

    /// <summary>What a header block says about its part (header fields other than these two are not kept).</summary>
    private sealed class HeaderInfo
    {
        public long End { get; set; }

        /// <summary>Every line is a field "name: value" or a continuation, with at most one of each tracked field.</summary>
        public bool IsClean { get; set; } = true;

        public bool SawOddBytes { get; set; }

        public string? ContentType { get; set; }

        public string? TransferEncoding { get; set; }
    }

    private enum ContentKind
    {
        Unsure,
        Leaf,
        Multipart,
        Message,
    }

    private enum LineKind
    {
        Text,
        Delimiter,
        CloseDelimiter,
        Unsure,
    }

    private sealed class Boundary(byte[] delimiter)
    {
        /// <summary>"--" + boundary.</summary>
        public byte[] Delimiter { get; } = delimiter;

        /// <summary>Its close delimiter was seen (the multipart is in its epilogue).</summary>
        public bool Closed { get; set; }
    }

    private sealed class Parser(MimeLineReader reader, CancellationToken cancellationToken)
    {
        // Boundaries of the multiparts enclosing the current line, outermost first.
        private readonly List<Boundary> _boundaries = [];
        private int _parts;

        public bool HasLine { get; private set; }

        public async ValueTask<bool> NextAsync() => HasLine = await reader.NextAsync(cancellationToken);

        /// <summary>
        /// Reads header lines from the current line through the blank line (null when there is none); the current line
        /// is then the first line after the header.
        /// </summary>
        public async ValueTask<HeaderInfo?> ReadHeaderAsync()
        {
            var info = new HeaderInfo();
            StringBuilder? field = null; // the tracked field (Content-Type or Content-Transfer-Encoding) being read
            var fieldIsType = false;
            var anyField = false;
            while (true)
            {
                if (!HasLine || Classify(out _) != LineKind.Text || !reader.EndsWithCrlf)
                {
                    return null; // the header runs into a boundary or the end: servers cut it differently
                }

                if (reader.IsBlank)
                {
                    Store(info, field, fieldIsType);
                    info.End = reader.LineStart + reader.LineLength;
                    info.SawOddBytes = reader.SawOddBytes;
                    await NextAsync();
                    return info;
                }

                var line = reader.Head;
                if (line[0] is (byte)' ' or (byte)'\t')
                {
                    if (!anyField)
                    {
                        info.IsClean = false;
                    }
                    else if (field is not null)
                    {
                        Append(info, field, line);
                    }
                }
                else
                {
                    Store(info, field, fieldIsType);
                    field = null;
                    anyField = true;
                    var colon = line.IndexOf((byte)':');
                    if (colon <= 0 || line[..colon].ContainsAnyExceptInRange((byte)33, (byte)126))
                    {
                        info.IsClean = false;
                    }
                    else if (Ascii.EqualsIgnoreCase(line[..colon], "Content-Type"u8) || Ascii.EqualsIgnoreCase(line[..colon], "Content-Transfer-Encoding"u8))
                    {
                        fieldIsType = colon == "Content-Type".Length;
                        if ((fieldIsType ? info.ContentType : info.TransferEncoding) is not null)
                        {
                            info.IsClean = false; // a second one: Dovecot uses the first, Cyrus the last
                        }

                        field = new StringBuilder();
                        Append(info, field, line[(colon + 1)..]);
                    }
                }

                await NextAsync();
            }
        }

        /// <summary>
        /// Parses the body of a message whose header was just read (the current line is its first body line) and
        /// returns the message, or null when unsure. Returns with the current line on the boundary line that ended it.
        /// </summary>
        public async ValueTask<MimeMessageNode?> ParseMessageBodyAsync(long headerStart, HeaderInfo header, int depth)
        {
            var kind = Kind(header, digestParent: false, out var boundary, out var digest);
            if (kind == ContentKind.Multipart)
            {
                var (children, end) = await ParseMultipartAsync(boundary!, digest, header.End, depth + 1);
                return children is null ? null : new MimeMessageNode(headerStart, header.End, end, children);
            }

            var part = await ParseContentAsync(kind, null, false, headerStart, header.End, depth + 1);
            return part is null ? null : new MimeMessageNode(headerStart, header.End, part.ContentEnd, [part]);
        }

        // Parses the content of a part (its header was just read) starting at the current line.
        private async ValueTask<MimePartNode?> ParseContentAsync(ContentKind kind, string? boundary, bool digest, long headerStart, long contentStart, int depth)
        {
            if (depth > MaxDepth || ++_parts > MaxParts)
            {
                return null;
            }

            switch (kind)
            {
                case ContentKind.Leaf:
                    {
                        var end = await SkipToTerminatorAsync(contentStart, epilogue: false);
                        return end < 0 ? null : new MimePartNode(headerStart, contentStart, end, null, null);
                    }

                case ContentKind.Message:
                    {
                        if (!HasLine || Classify(out _) != LineKind.Text)
                        {
                            return null;
                        }

                        var start = reader.LineStart;
                        var header = await ReadHeaderAsync();
                        if (header is null || !header.IsClean)
                        {
                            return null;
                        }

                        var message = await ParseMessageBodyAsync(start, header, depth);
                        return message is null ? null : new MimePartNode(headerStart, contentStart, message.BodyEnd, null, message);
                    }

                case ContentKind.Multipart:
                    {
                        var (children, end) = await ParseMultipartAsync(boundary!, digest, contentStart, depth + 1);
                        return children is null ? null : new MimePartNode(headerStart, contentStart, end, children, null);
                    }

                default:
                    return null;
            }
        }

        // multipart-body := [preamble CRLF] dash-boundary transport-padding CRLF body-part *encapsulation
        //                   close-delimiter transport-padding [CRLF epilogue]   (RFC 2046 §5.1.1)
        // The current line is the first line of the multipart's content; returns with the current line on the
        // boundary line of the enclosing multipart that ended the epilogue (or at the end of the message).
        private async ValueTask<(List<MimePartNode>? Children, long End)> ParseMultipartAsync(string boundary, bool digest, long contentStart, int depth)
        {
            if (depth > MaxDepth)
            {
                return (null, 0);
            }

            var own = new Boundary(Encoding.Latin1.GetBytes("--" + boundary));
            _boundaries.Add(own);
            var index = _boundaries.Count - 1;
            try
            {
                // Preamble: up to the first delimiter.
                while (true)
                {
                    if (!HasLine)
                    {
                        return (null, 0);
                    }

                    var kind = Classify(out var which);
                    if (kind == LineKind.Delimiter && which == index)
                    {
                        break;
                    }

                    if (kind != LineKind.Text)
                    {
                        return (null, 0);
                    }

                    await NextAsync();
                }

                var children = new List<MimePartNode>();
                while (true)
                {
                    // On a delimiter line of this multipart: the part's header follows.
                    if (!await NextAsync())
                    {
                        return (null, 0);
                    }

                    var headerStart = reader.LineStart;
                    var header = await ReadHeaderAsync();
                    if (header is null || !header.IsClean || !HasLine)
                    {
                        return (null, 0);
                    }

                    if (Classify(out _) != LineKind.Text)
                    {
                        return (null, 0); // "--b CRLF header CRLF --b": the blank line doubles as the boundary's CRLF
                    }

                    var kind = Kind(header, digest, out var innerBoundary, out var innerDigest);
                    var part = await ParseContentAsync(kind, innerBoundary, innerDigest, headerStart, header.End, depth);
                    if (part is null || !HasLine)
                    {
                        return (null, 0);
                    }

                    children.Add(part);
                    var next = Classify(out var which);
                    if (which != index || next is not (LineKind.Delimiter or LineKind.CloseDelimiter))
                    {
                        return (null, 0);
                    }

                    if (next == LineKind.CloseDelimiter)
                    {
                        break;
                    }
                }

                // Epilogue: up to the enclosing multipart's next boundary line, or the end of the message.
                own.Closed = true;
                await NextAsync();
                var end = await SkipToTerminatorAsync(reader.LineStart, epilogue: true);
                return end < 0 ? (null, 0) : (children, end);
            }
            finally
            {
                _boundaries.RemoveAt(index);
            }
        }

        // Skips lines up to the boundary line of the innermost open multipart and returns where the content before it
        // ends: the CRLF before the boundary line belongs to the boundary, except the line end of a close delimiter
        // just before it (epilogue = true, the current line following the close delimiter): "--inner--CRLF--outer"
        // leaves "--inner--CRLF" in the part, as Dovecot and Cyrus both answer. A boundary line right at the start of
        // a part's content is unsure (the header's blank line would double as the boundary's CRLF). At the end of the
        // message, returns its length when no multipart is open. -1 when unsure.
        private async ValueTask<long> SkipToTerminatorAsync(long contentStart, bool epilogue)
        {
            var innermostOpen = _boundaries.FindLastIndex(b => !b.Closed);
            while (true)
            {
                if (!HasLine)
                {
                    return innermostOpen < 0 && !reader.EndedEarly ? reader.Position : -1;
                }

                var kind = Classify(out var which);
                if (kind == LineKind.Text)
                {
                    await NextAsync();
                    continue;
                }

                if (kind == LineKind.Unsure || which != innermostOpen)
                {
                    return -1;
                }

                if (reader.LineStart == contentStart)
                {
                    return epilogue ? contentStart : -1;
                }

                return reader.LineStart - 2;
            }
        }

        // Whether the current line is a boundary line of an enclosing multipart. A line that merely starts with
        // "--" + boundary (Dovecot would take it, Cyrus not) or matches two boundaries is unsure.
        private LineKind Classify(out int which)
        {
            which = -1;
            var result = LineKind.Text;
            var line = reader.Head;
            for (var i = 0; i < _boundaries.Count; i++)
            {
                var delimiter = _boundaries[i].Delimiter;
                if (!line.StartsWith(delimiter))
                {
                    continue;
                }

                if (which >= 0 || reader.IsTruncated)
                {
                    return LineKind.Unsure;
                }

                var rest = line[delimiter.Length..];
                if (IsPadding(rest))
                {
                    result = LineKind.Delimiter;
                }
                else if (rest.StartsWith("--"u8) && IsPadding(rest[2..]))
                {
                    result = LineKind.CloseDelimiter;
                }
                else
                {
                    return LineKind.Unsure;
                }

                which = i;
            }

            return result;
        }

        private static bool IsPadding(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)' ', (byte)'\t');

        private void Append(HeaderInfo info, StringBuilder field, ReadOnlySpan<byte> bytes)
        {
            if (reader.IsTruncated || field.Length + bytes.Length > MaxFieldLength)
            {
                info.IsClean = false;
                return;
            }

            field.Append(Encoding.Latin1.GetString(bytes));
        }

        private static void Store(HeaderInfo info, StringBuilder? field, bool isType)
        {
            if (field is null)
            {
                return;
            }

            if (isType)
            {
                info.ContentType = field.ToString();
            }
            else
            {
                info.TransferEncoding = field.ToString();
            }
        }

        // What a part is, from its Content-Type (RFC 2045 §5.1) and Content-Transfer-Encoding.
        private static ContentKind Kind(HeaderInfo header, bool digestParent, out string? boundary, out bool digest)
        {
            boundary = null;
            digest = false;
            if (header.ContentType is not { } value)
            {
                return digestParent ? ContentKind.Message : ContentKind.Leaf; // RFC 2046 §5.1.5
            }

            if (!TryParseType(value, out var type, out var subtype, out var parameters))
            {
                return Mentions(value, "multipart") || Mentions(value, "message") ? ContentKind.Unsure : ContentKind.Leaf;
            }

            if (type.Equals("multipart", StringComparison.OrdinalIgnoreCase))
            {
                if (!IsIdentityEncoding(header.TransferEncoding) || !TryParseBoundary(parameters, out boundary))
                {
                    return ContentKind.Unsure;
                }

                digest = subtype.Equals("digest", StringComparison.OrdinalIgnoreCase);
                return ContentKind.Multipart;
            }

            if (type.Equals("message", StringComparison.OrdinalIgnoreCase))
            {
                if (subtype.Equals("rfc822", StringComparison.OrdinalIgnoreCase))
                {
                    return IsIdentityEncoding(header.TransferEncoding) ? ContentKind.Message : ContentKind.Unsure;
                }

                if (subtype.Equals("global", StringComparison.OrdinalIgnoreCase))
                {
                    return ContentKind.Unsure;
                }
            }

            return ContentKind.Leaf;
        }

        private static bool Mentions(string value, string word) => value.Contains(word, StringComparison.OrdinalIgnoreCase);

        private static bool IsIdentityEncoding(string? encoding) =>
            encoding is null || encoding.Trim(' ', '\t').ToUpperInvariant() is "7BIT" or "8BIT" or "BINARY";

        // content := [WSP] type "/" subtype [WSP] *(";" parameter); false for anything else (comments, spaces around "/").
        private static bool TryParseType(string value, out string type, out string subtype, out string parameters)
        {
            var i = 0;
            SkipSpace(value, ref i);
            type = Token(value, ref i);
            subtype = "";
            parameters = "";
            if (type.Length == 0 || i >= value.Length || value[i] != '/')
            {
                return false;
            }

            i++;
            subtype = Token(value, ref i);
            parameters = value[i..];
            var j = 0;
            SkipSpace(parameters, ref j);
            return subtype.Length > 0 && (j == parameters.Length || parameters[j] == ';');
        }

        // *(";" [WSP] attribute "=" value [WSP]) [";" [WSP]] with exactly one "boundary" (RFC 2045 §5.1, RFC 2046 §5.1.1).
        private static bool TryParseBoundary(string parameters, out string? boundary)
        {
            boundary = null;
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var i = 0;
            while (true)
            {
                SkipSpace(parameters, ref i);
                if (i == parameters.Length)
                {
                    break;
                }

                if (parameters[i] != ';')
                {
                    return false;
                }

                i++;
                SkipSpace(parameters, ref i);
                if (i == parameters.Length)
                {
                    break;
                }

                var name = Token(parameters, ref i);
                if (name.Length == 0 || name.Contains('*', StringComparison.Ordinal) || !names.Add(name) || i >= parameters.Length || parameters[i] != '=')
                {
                    return false; // RFC 2231 "name*=" is decoded by Cyrus, not by Dovecot
                }

                i++;
                string value;
                if (i < parameters.Length && parameters[i] == '"')
                {
                    var close = parameters.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        return false;
                    }

                    value = parameters[(i + 1)..close];
                    if (value.Contains('\\', StringComparison.Ordinal))
                    {
                        return false;
                    }

                    i = close + 1;
                }
                else
                {
                    value = Token(parameters, ref i);
                    if (value.Length == 0)
                    {
                        return false;
                    }
                }

                if (name.Equals("boundary", StringComparison.OrdinalIgnoreCase))
                {
                    boundary = value;
                }
            }

            return boundary is not null && IsBoundary(boundary);
        }

        // boundary := 0*69<bchars> bcharsnospace   (RFC 2046 §5.1.1)
        private static bool IsBoundary(string boundary) =>
            boundary.Length is > 0 and <= 70 && boundary[^1] != ' '
            && boundary.All(c => char.IsAsciiLetterOrDigit(c) || "'()+_,-./:=? ".Contains(c, StringComparison.Ordinal));

        private static void SkipSpace(string text, ref int i)
        {
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }
        }

        // token := 1*<any CHAR except SPACE, CTLs, or tspecials>   (RFC 2045 §5.1)
        private static string Token(string text, ref int i)
        {
            var start = i;
            while (i < text.Length && text[i] is > ' ' and < (char)127 && !"()<>@,;:\\\"/[]?=".Contains(text[i], StringComparison.Ordinal))
            {
                i++;
            }

            return text[start..i];
        }
    }
}
