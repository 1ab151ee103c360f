using System.Globalization;

namespace Gateway.Imap.Cache;

/// <summary>
/// Where the sections of one message lie in its bytes (<c>BODY[]</c>), as found by <see cref="MimePartLocator"/>.
/// Offsets count from the first byte of the message.
/// </summary>
/// <param name="Length">The message length.</param>
/// <param name="HeaderLength">Length of the top-level header including its blank line, or -1 when it is unsure.</param>
/// <param name="Message">The MIME tree, or null when it was not scanned or is unsure.</param>
internal sealed record MimeStructure(long Length, long HeaderLength, MimeMessageNode? Message)
{
    /// <summary>
    /// Whether <see cref="MimePartLocator"/> must scan the whole MIME tree to find <paramref name="section"/>:
    /// everything but <c>HEADER</c>, which needs the top-level header only. <c>TEXT</c> needs the tree too.
    /// </summary>
    /// <remarks>
    /// Note: Cyrus 3.6 answers <c>BODY[TEXT] ""</c> for a multipart without boundary (Dovecot the bytes after the
    /// header), so the body is derived only when the whole MIME structure is certain.
    /// </remarks>
    public static bool NeedsTree(string section) => section != "HEADER";

    /// <summary>
    /// Whether <paramref name="section"/> (upper case, as in <see cref="FetchItem.Section"/>) has a form this type can
    /// locate: <c>HEADER</c>, <c>TEXT</c>, or part numbers <c>1.2</c> optionally followed by <c>.MIME</c>,
    /// <c>.HEADER</c> or <c>.TEXT</c>. <c>HEADER.FIELDS</c> is not derived (see the folder README).
    /// </summary>
    public static bool IsLocatable(string section) => section is "HEADER" or "TEXT" || TryParsePath(section, out _, out _);

    /// <summary>
    /// The byte range of <paramref name="section"/>; false when it is not known for sure, does not exist or is empty
    /// (an empty section is answered <c>{0}</c> by Dovecot and <c>""</c> by Cyrus, so it cannot be derived).
    /// </summary>
    public bool TryLocate(string section, out long start, out long length)
    {
        ArgumentNullException.ThrowIfNull(section);
        (start, length) = (0, 0);
        var end = 0L;
        if (section is "HEADER" or "TEXT")
        {
            if (HeaderLength < 0 || (section == "TEXT" && Message is null))
            {
                return false;
            }

            (start, end) = section == "HEADER" ? (0, HeaderLength) : (HeaderLength, Length);
        }
        else
        {
            if (Message is null || !TryParsePath(section, out var path, out var specifier))
            {
                return false;
            }

            MimePartNode? part = null;
            foreach (var number in path)
            {
                var parts = part is null ? Message.Parts : part.Children ?? part.Message?.Parts;
                if (parts is null || number > parts.Count)
                {
                    return false; // past the end, or a sub-part of a leaf (Dovecot answers the leaf, Cyrus NIL)
                }

                part = parts[number - 1];
            }

            switch (specifier)
            {
                case "":
                    (start, end) = (part!.HeaderEnd, part.ContentEnd);
                    break;
                case "MIME":
                    (start, end) = (part!.HeaderStart, part.HeaderEnd);
                    break;
                case "HEADER" when part!.Message is { } message:
                    (start, end) = (message.HeaderStart, message.HeaderEnd);
                    break;
                case "TEXT" when part!.Message is { } message:
                    (start, end) = (message.HeaderEnd, message.BodyEnd);
                    break;
                default:
                    return false; // HEADER/TEXT of a part that is not message/rfc822
            }
        }

        length = end - start;
        return length > 0;
    }

    // section-part ["." ("MIME" / "HEADER" / "TEXT")], section-part = nz-number *("." nz-number)   (RFC 9051 §9)
    private static bool TryParsePath(string section, out List<int> path, out string specifier)
    {
        path = [];
        specifier = "";
        var fields = section.Split('.');
        var count = fields.Length;
        if (fields[^1] is "MIME" or "HEADER" or "TEXT")
        {
            specifier = fields[^1];
            count--;
        }

        for (var i = 0; i < count; i++)
        {
            var field = fields[i];
            if (field.Length is 0 or > 6 || field[0] == '0'
                || !int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            path.Add(number);
        }

        return path.Count > 0;
    }
}

/// <summary>A message (the top level, or the content of a message/rfc822 part): header, then body.</summary>
/// <param name="HeaderStart">First byte of the header.</param>
/// <param name="HeaderEnd">First byte after the header's blank line (= first byte of the body).</param>
/// <param name="BodyEnd">First byte after the body.</param>
/// <param name="Parts">Its IMAP parts 1..n: the parts of a multipart body, or else the single body part.</param>
internal sealed record MimeMessageNode(long HeaderStart, long HeaderEnd, long BodyEnd, IReadOnlyList<MimePartNode> Parts);

/// <summary>One IMAP body part: its MIME header, then its content.</summary>
/// <remarks>
/// The single body part of a non-multipart message has that message's header as its MIME header (Dovecot and Cyrus
/// both answer <c>BODY[1.MIME]</c> of a one-part message with the message header).
/// </remarks>
/// <param name="HeaderStart">First byte of the MIME header.</param>
/// <param name="HeaderEnd">First byte after the MIME header's blank line (= first byte of the content).</param>
/// <param name="ContentEnd">First byte after the content (the CRLF before a boundary belongs to the boundary).</param>
/// <param name="Children">The parts of a multipart part, else null.</param>
/// <param name="Message">The encapsulated message of a message/rfc822 part, else null.</param>
internal sealed record MimePartNode(long HeaderStart, long HeaderEnd, long ContentEnd, IReadOnlyList<MimePartNode>? Children, MimeMessageNode? Message);
