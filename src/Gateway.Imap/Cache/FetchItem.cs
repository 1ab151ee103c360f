namespace Gateway.Imap.Cache;

/// <summary>One item of a FETCH command's item list.</summary>
/// <param name="Text">The item exactly as the client wrote it (<c>BODY.PEEK[HEADER.FIELDS (From)]&lt;0.100&gt;</c>).</param>
/// <param name="Name">Upper-case name without section or partial: <c>BODY.PEEK</c>, <c>RFC822.SIZE</c>, <c>FLAGS</c>.</param>
/// <param name="Section">Upper-case section text between the brackets (<c>""</c> for <c>BODY[]</c>), or null.</param>
/// <param name="Partial">The partial <c>&lt;offset.length&gt;</c>, or null.</param>
/// <param name="CacheKey">The cache item kind (<c>BODY[1.2]&lt;0.100&gt;</c>), or null for a mutable / uncached item.</param>
/// <param name="SetsSeen">Fetching it sets <c>\Seen</c> (non-PEEK <c>BODY[…]</c>, <c>RFC822</c>, <c>RFC822.TEXT</c>).</param>
internal sealed record FetchItem(string Text, string Name, string? Section, (long Offset, long Length)? Partial, string? CacheKey, bool SetsSeen)
{
    /// <summary>The cache key of the whole message, <c>BODY[]</c>, from which other items can be derived.</summary>
    public const string WholeMessageKey = "BODY[]";

    public bool IsCacheable => CacheKey is not null;

    /// <summary>
    /// The section of the whole message this item is cut from when only <see cref="WholeMessageKey"/> is cached
    /// (<see cref="MimeStructure"/>): <c>""</c> for <c>RFC822</c> and <c>RFC822.SIZE</c> (the whole message), <c>HEADER</c>
    /// and <c>TEXT</c> for <c>RFC822.HEADER</c> and <c>RFC822.TEXT</c>, the section of <c>BODY[sec]</c> and
    /// <c>BODY[sec]&lt;o.l&gt;</c> for <c>HEADER</c>, <c>TEXT</c> and part sections. Null otherwise: <c>BODY[]</c> itself
    /// (its partials are cut via <see cref="WholeCacheKey"/>), <c>HEADER.FIELDS</c>, <c>ENVELOPE</c>, <c>BODYSTRUCTURE</c>…
    /// </summary>
    public string? MessageSection =>
        CacheKey is null ? null
        : Section is null ? Name switch
        {
            "RFC822" or "RFC822.SIZE" => "",
            "RFC822.HEADER" => "HEADER",
            "RFC822.TEXT" => "TEXT",
            _ => null,
        }
        : Section.Length > 0 && MimeStructure.IsLocatable(Section) ? Section : null;

    /// <summary>For a cacheable partial <c>BODY[sec]&lt;o.l&gt;</c>: the whole item <c>BODY[sec]</c> it can be cut from; else null.</summary>
    public string? WholeCacheKey => CacheKey is not null && Section is not null && Partial is not null ? $"BODY[{Section}]" : null;

    /// <summary>The name the server answers with: <c>BODY[sec]</c> (PEEK dropped), <c>&lt;offset&gt;</c> kept, or <see cref="Name"/>.</summary>
    public string ResponseName =>
        Section is null
            ? Name
            : $"{Name switch { "BINARY.SIZE" => "BINARY.SIZE", "BINARY" or "BINARY.PEEK" => "BINARY", _ => "BODY" }}[{Section}]{(Partial is { } p ? $"<{p.Offset}>" : "")}";
}
