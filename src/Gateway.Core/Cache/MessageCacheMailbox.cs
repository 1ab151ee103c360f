namespace Gateway.Core.Cache;

/// <summary>One mailbox of one user at one UIDVALIDITY.</summary>
public readonly record struct MessageCacheMailbox(string UpstreamId, string User, string Mailbox, long UidValidity)
{
    public MessageCacheKey Key(long uid, string item) => new(UpstreamId, User, Mailbox, UidValidity, uid, item);
}
