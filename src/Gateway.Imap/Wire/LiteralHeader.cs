namespace Gateway.Imap.Wire;

/// <summary>
/// A literal announced at the end of a line segment.
/// <c>literal = "{" number64 ["+"] "}" CRLF *CHAR8</c>, <c>literal8 = "~{" number64 "}" CRLF *OCTET</c>
/// (RFC 3501 §9, RFC 7888 LITERAL+/LITERAL-, RFC 3516 BINARY).
/// </summary>
internal readonly record struct LiteralHeader(long Length, bool NonSynchronizing, bool Binary);
