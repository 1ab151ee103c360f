namespace Gateway.Core.Configuration;

/// <summary>The <c>Acl</c> section: how folder rights are shown to clients and checked.</summary>
public sealed class AclSettings
{
    /// <summary><c>Rfc2086</c> (classic letters, Outlook-era clients), <c>Rfc4314</c>, or <c>Auto</c> (detect k/x/t/e).</summary>
    public string ClientDialect { get; set; } = "Rfc2086";

    /// <summary>The mail domain whose addresses stand for login IDs in ACLs (<c>bob@example.com</c> → <c>bob</c>); empty for none.</summary>
    public string LoginDomain { get; set; } = "";

    /// <summary>Allow SETACL/DELETEACL to take lookup or administer rights away from a folder's owner.</summary>
    public bool AllowOwnerLockout { get; set; }
}
