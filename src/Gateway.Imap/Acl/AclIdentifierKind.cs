namespace Gateway.Imap.Acl;

/// <summary>What an ACL identifier designates, independent of how a server spells it.</summary>
internal enum AclIdentifierKind
{
    /// <summary>A login name (<see cref="AclIdentifier.Name"/>).</summary>
    User,

    /// <summary>Everybody, including anonymous users: <c>anyone</c>.</summary>
    Anyone,

    /// <summary>Every logged-in user: Dovecot <c>authenticated</c>, Courier <c>authuser</c>; Cyrus has none.</summary>
    Authenticated,

    /// <summary>The unauthenticated user: Cyrus/Courier <c>anonymous</c>; Dovecot has none.</summary>
    Anonymous,

    /// <summary>The folder's owner: Dovecot/Courier <c>owner</c>; on Cyrus the owner's login.</summary>
    Owner,

    /// <summary>Courier's <c>administrators</c> group, which always holds every right.</summary>
    Administrators,

    /// <summary>A group (<see cref="AclIdentifier.Name"/>): Cyrus <c>group:NAME</c>, Dovecot <c>$NAME</c>; Courier cannot name groups.</summary>
    Group,

    /// <summary>A server-specific form passed through as written (Dovecot <c>!$group</c>, <c>#global</c>).</summary>
    Other,
}
