namespace Gateway.Imap.Hierarchy;

/// <summary>One namespace of the server (RFC 2342): its decoded prefix and hierarchy delimiter.</summary>
/// <param name="Prefix">The decoded prefix, e.g. <c>""</c>, <c>"INBOX."</c>, <c>"user."</c>, <c>"#shared."</c>, <c>"~"</c>.</param>
/// <param name="Delimiter">The hierarchy delimiter of names in this namespace.</param>
internal readonly record struct ServerNamespace(string Prefix, char Delimiter)
{
    /// <summary>
    /// The server name of the namespace's own node: the prefix without its trailing delimiter
    /// (<c>"user."</c> → <c>"user"</c>), the prefix itself when it has none (<c>"~"</c>), or null for <c>""</c>.
    /// </summary>
    public string? RootName =>
        Prefix.Length == 0 ? null
        : Prefix[^1] == Delimiter ? (Prefix.Length == 1 ? null : Prefix[..^1])
        : Prefix;

    /// <summary>Whether a name directly after the prefix follows it with no delimiter in between.</summary>
    internal bool PrefixEndsLevel => Prefix.Length == 0 || Prefix[^1] == Delimiter;
}
