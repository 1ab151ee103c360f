namespace Gateway.Imap.Acl;

/// <summary>An ACL identifier by meaning: kind, name (users, groups, pass-through forms) and the negative-rights flag (<c>-id</c>).</summary>
internal sealed record AclIdentifier(AclIdentifierKind Kind, string Name = "", bool Negative = false)
{
    public static AclIdentifier User(string login, bool negative = false) => new(AclIdentifierKind.User, login, negative);

    public static AclIdentifier Anyone { get; } = new(AclIdentifierKind.Anyone);

    public static AclIdentifier Owner { get; } = new(AclIdentifierKind.Owner);

    /// <summary>Whether the entry's rights apply to <paramref name="owner"/> (the owner's login, <c>owner</c>, <c>anyone</c>, <c>authenticated</c>).</summary>
    /// <remarks>Group membership is unknown to the gateway, so a group never counts.</remarks>
    public bool AppliesTo(string owner) => Kind switch
    {
        AclIdentifierKind.Owner or AclIdentifierKind.Anyone or AclIdentifierKind.Authenticated => true,
        AclIdentifierKind.User => string.Equals(Name, owner, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Whether this is the owner's own entry (its login or <c>owner</c>).</summary>
    public bool Designates(string owner) =>
        Kind == AclIdentifierKind.Owner || (Kind == AclIdentifierKind.User && string.Equals(Name, owner, StringComparison.Ordinal));
}
