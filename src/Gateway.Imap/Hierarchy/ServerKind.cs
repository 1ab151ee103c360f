namespace Gateway.Imap.Hierarchy;

/// <summary>The server implementation, as far as the greeting, ID or NAMESPACE tell.</summary>
internal enum ServerKind
{
    Unknown,
    Dovecot,
    Cyrus,
    Courier,
}
