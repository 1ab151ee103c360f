namespace Gateway.Imap.Acl;

/// <summary>What the relay does with one ACL command (shaped like the hierarchy's decision).</summary>
internal abstract record AclDecision
{
    private AclDecision()
    {
    }

    /// <summary>Send the command as it is.</summary>
    public sealed record Forward : AclDecision
    {
        public static Forward Instance { get; } = new();
    }

    /// <summary>Send <paramref name="Bytes"/> (the whole segment, CRLF included) instead.</summary>
    public sealed record Rewrite(byte[] Bytes) : AclDecision;

    /// <summary>Answer locally with the tagged line <paramref name="Line"/> (no CRLF); nothing goes upstream.</summary>
    public sealed record Reply(string Line) : AclDecision;
}
