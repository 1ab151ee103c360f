namespace Gateway.Imap.Acl;

/// <summary>Which ACL rights the client understands (configured per listener, <c>Acl:ClientDialect</c>).</summary>
internal enum AclClientDialect
{
    /// <summary>
    /// RFC 2086 until the client uses one of <c>k x t e</c> in SETACL, RFC 4314 from then on (in that session).
    /// </summary>
    Auto,

    /// <summary>RFC 2086: the client knows only <c>l r s w i p c d a</c> (Outlook-era clients).</summary>
    Rfc2086,

    /// <summary>RFC 4314: the client knows <c>k x t e</c> and ignores <c>c</c> and <c>d</c> in replies.</summary>
    Rfc4314,
}
