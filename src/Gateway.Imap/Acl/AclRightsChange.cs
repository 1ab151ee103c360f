namespace Gateway.Imap.Acl;

/// <summary>The rights argument of SETACL: a mode and the rights as the sender wrote them (letters, not meanings).</summary>
internal readonly record struct AclRightsChange(AclChangeMode Mode, AclRights Rights)
{
    /// <summary>
    /// Parses <c>mod-rights = astring</c>, <c>["+" / "-"] *right</c> (RFC 4314 §3.1, RFC 2086 §4.1).
    /// False with a reason when a character is not a right (upper case is not allowed, RFC 4314 §2).
    /// </summary>
    public static bool TryParse(string text, out AclRightsChange change, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mode = text.StartsWith('+') ? AclChangeMode.Add : text.StartsWith('-') ? AclChangeMode.Remove : AclChangeMode.Replace;
        var letters = mode == AclChangeMode.Replace ? text : text[1..];
        if (!AclRights.TryParse(letters, out var rights, out var invalid))
        {
            change = default;
            error = $"'{invalid}' is not an ACL right (rights are lower-case letters and digits)";
            return false;
        }

        change = new AclRightsChange(mode, rights);
        error = null;
        return true;
    }

    /// <summary>Writes the mode prefix and <paramref name="letters"/>.</summary>
    public static string Format(AclChangeMode mode, string letters) => mode switch
    {
        AclChangeMode.Add => "+" + letters,
        AclChangeMode.Remove => "-" + letters,
        _ => letters,
    };
}
