namespace Gateway.Imap.Hierarchy;

/// <summary>A special-use role of a mailbox (RFC 6154 §2); <see cref="None"/> for an ordinary one.</summary>
internal enum SpecialUse
{
    None,
    All,
    Archive,
    Drafts,
    Flagged,
    Junk,
    Sent,
    Trash,
}
