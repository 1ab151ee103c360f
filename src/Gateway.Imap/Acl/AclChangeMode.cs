namespace Gateway.Imap.Acl;

/// <summary>How SETACL applies its rights: <c>mod-rights = astring ; +rights or -rights or rights</c> (RFC 4314 §3.1).</summary>
internal enum AclChangeMode
{
    /// <summary><c>rights</c>: the entry becomes exactly these rights.</summary>
    Replace,

    /// <summary><c>+rights</c>: the rights are added to the entry.</summary>
    Add,

    /// <summary><c>-rights</c>: the rights are removed from the entry.</summary>
    Remove,
}
