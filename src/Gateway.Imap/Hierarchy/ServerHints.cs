namespace Gateway.Imap.Hierarchy;

/// <summary>What the session learned from the server after login, input to <see cref="ServerViewDetector"/>.</summary>
/// <param name="Namespace">The parsed NAMESPACE response, or null when the server has no NAMESPACE.</param>
/// <param name="ListDelimiter">The delimiter from <c>LIST "" ""</c>, or null when unknown or NIL.</param>
/// <param name="Capabilities">The post-login capabilities.</param>
/// <param name="Greeting">The greeting's text (<c>Dovecot (Debian) ready.</c>), or null.</param>
/// <param name="Id">The server's ID response fields (RFC 2971, e.g. <c>name</c>), or null.</param>
internal sealed record ServerHints(
    NamespaceResponse? Namespace,
    char? ListDelimiter,
    IReadOnlyCollection<string> Capabilities,
    string? Greeting = null,
    IReadOnlyDictionary<string, string?>? Id = null);
