namespace Gateway.Imap.Acl;

/// <summary>One identifier–rights pair of an ACL, rights canonical (RFC 4314 letters without <c>c</c>/<c>d</c>).</summary>
internal sealed record AclEntry(AclIdentifier Identifier, AclRights Rights);
