namespace Gateway.Imap.Acl;

/// <summary>ACL translation settings; the lead binds these to the <c>Acl:*</c> configuration keys.</summary>
internal sealed record AclOptions
{
    /// <summary><c>Acl:ClientDialect</c>: which rights the client understands (default RFC 2086, Outlook).</summary>
    public AclClientDialect ClientDialect { get; init; } = AclClientDialect.Rfc2086;

    /// <summary>
    /// <c>Acl:LoginDomain</c>: a user identifier <c>name@LoginDomain</c> typed by the client is sent as the login
    /// <c>name</c> (compared ignoring case). Null: identifiers are sent as typed.
    /// </summary>
    public string? LoginDomain { get; init; }

    /// <summary>
    /// <c>Acl:IdentifiersAsAddresses</c>: with <see cref="LoginDomain"/>, user identifiers in replies are shown as
    /// <c>login@LoginDomain</c> (so Outlook can match its address book). Default false: replies show logins.
    /// </summary>
    public bool IdentifiersAsAddresses { get; init; }

    /// <summary><c>Acl:AllowOwnerLockout</c>: let SETACL/DELETEACL take <c>l</c> or <c>a</c> away from the folder's owner.</summary>
    public bool AllowOwnerLockout { get; init; }

    /// <summary>Every configuration error, naming the key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(ClientDialect))
        {
            errors.Add($"Acl:ClientDialect: '{ClientDialect}' is not one of Auto, Rfc2086, Rfc4314");
        }

        if (LoginDomain is { } domain && (domain.Length == 0 || domain.Contains('@', StringComparison.Ordinal) || domain.Any(char.IsWhiteSpace)))
        {
            errors.Add($"Acl:LoginDomain: '{domain}' is not a domain name (no '@', no spaces)");
        }

        if (IdentifiersAsAddresses && LoginDomain is null)
        {
            errors.Add("Acl:IdentifiersAsAddresses needs Acl:LoginDomain");
        }

        return errors;
    }
}
