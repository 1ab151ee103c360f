namespace Gateway.Core.Cache;

/// <summary>
/// Identifies one cached item of one message: which upstream and user it belongs to, the server-side mailbox name,
/// the mailbox's UIDVALIDITY, the message UID and the item kind (the canonical FETCH item name, e.g. <c>BODY[]</c>).
/// </summary>
public readonly record struct MessageCacheKey(string UpstreamId, string User, string Mailbox, long UidValidity, long Uid, string Item)
{
    /// <summary>The mailbox this key lies in.</summary>
    public MessageCacheMailbox MailboxScope => new(UpstreamId, User, Mailbox, UidValidity);
}
