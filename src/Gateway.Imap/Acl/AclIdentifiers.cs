using System.Diagnostics.CodeAnalysis;
using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Acl;

/// <summary>
/// Translates ACL identifiers between the client's spelling and each server's (README.md, "Identifiers").
/// </summary>
internal static class AclIdentifiers
{
    private const string GroupPrefix = "group:";

    /// <summary>
    /// Reads an identifier the client sent. <c>-id</c> is negative; <c>anyone</c>, <c>authenticated</c>
    /// (or <c>authuser</c>), <c>anonymous</c>, <c>owner</c>, <c>administrators</c> are special; <c>group:NAME</c>,
    /// <c>$NAME</c> or <c>group=NAME</c> is a group; <c>user=NAME</c> is the user NAME; <c>NAME@LoginDomain</c> is the
    /// user NAME; Dovecot's <c>!$group</c> and <c>#...</c> pass through; anything else is a login.
    /// </summary>
    public static bool TryFromClient(string text, AclOptions options, [NotNullWhen(true)] out AclIdentifier? identifier, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        identifier = null;
        var negative = text.Length > 1 && text[0] == '-';
        var name = negative ? text[1..] : text;
        if (name.Length == 0)
        {
            error = "an empty ACL identifier names nobody";
            return false;
        }

        identifier = Special(name, negative) ?? name switch
        {
            _ when name.StartsWith(GroupPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > GroupPrefix.Length
                => new AclIdentifier(AclIdentifierKind.Group, name[GroupPrefix.Length..], negative),
            _ when name.StartsWith("group=", StringComparison.OrdinalIgnoreCase) && name.Length > 6
                => new AclIdentifier(AclIdentifierKind.Group, name[6..], negative),
            _ when name[0] == '$' && name.Length > 1 => new AclIdentifier(AclIdentifierKind.Group, name[1..], negative),
            _ when name[0] is '!' or '#' => new AclIdentifier(AclIdentifierKind.Other, name, negative),
            _ when name.StartsWith("user=", StringComparison.OrdinalIgnoreCase) && name.Length > 5 => AclIdentifier.User(Login(name[5..], options), negative),
            _ => AclIdentifier.User(Login(name, options), negative),
        };
        error = null;
        return true;
    }

    /// <summary>
    /// Spells <paramref name="identifier"/> for the server; false with a reason when the server has no such identifier.
    /// </summary>
    /// <param name="identifier">The identifier.</param>
    /// <param name="kind">The server.</param>
    /// <param name="owner">The folder's owner login, or null when unknown or there is none (public folders).</param>
    /// <param name="wire">The server's spelling.</param>
    /// <param name="error">Why it cannot be sent.</param>
    public static bool TryToServer(AclIdentifier identifier, ServerKind kind, string? owner, [NotNullWhen(true)] out string? wire, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        error = null;
        var name = (identifier.Kind, kind) switch
        {
            (AclIdentifierKind.Anyone, _) => "anyone",
            (AclIdentifierKind.Authenticated, ServerKind.Courier) => "authuser",
            (AclIdentifierKind.Authenticated, ServerKind.Cyrus) => Fail(out error, "Cyrus IMAP has no 'authenticated' identifier: grant the rights to anyone (and deny them to -anonymous)"),
            (AclIdentifierKind.Authenticated, _) => "authenticated",
            (AclIdentifierKind.Anonymous, ServerKind.Dovecot) => Fail(out error, "Dovecot has no 'anonymous' identifier"),
            (AclIdentifierKind.Anonymous, _) => "anonymous",
            (AclIdentifierKind.Owner, ServerKind.Dovecot or ServerKind.Courier) => "owner",
            (AclIdentifierKind.Owner, _) => owner ?? Fail(out error, "this folder has no owner the server could name"),
            (AclIdentifierKind.Administrators, _) => "administrators",
            (AclIdentifierKind.Group, ServerKind.Dovecot) => "$" + identifier.Name,
            (AclIdentifierKind.Group, ServerKind.Courier) => Fail(out error, "Courier-IMAP's ACL commands cannot name groups"),
            (AclIdentifierKind.Group, _) => GroupPrefix + identifier.Name,
            (AclIdentifierKind.User, ServerKind.Courier) when owner is not null && string.Equals(identifier.Name, owner, StringComparison.Ordinal) => "owner",
            (AclIdentifierKind.User, ServerKind.Courier) when identifier.Name.Contains('=', StringComparison.Ordinal)
                => Fail(out error, "Courier-IMAP rejects identifiers containing '='"),
            _ => identifier.Name,
        };

        if (name is null)
        {
            wire = null;
            error ??= "the server has no such identifier";
            return false;
        }

        wire = identifier.Negative ? "-" + name : name;
        return true;
    }

    /// <summary>Reads an identifier the server wrote in an ACL or LISTRIGHTS reply.</summary>
    public static AclIdentifier FromServer(string wire, ServerKind kind)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var negative = wire.Length > 1 && wire[0] == '-';
        var name = negative ? wire[1..] : wire;
        return Special(name, negative) ?? (name, kind) switch
        {
            _ when name.StartsWith(GroupPrefix, StringComparison.Ordinal) && name.Length > GroupPrefix.Length && kind != ServerKind.Dovecot
                => new AclIdentifier(AclIdentifierKind.Group, name[GroupPrefix.Length..], negative),
            (_, ServerKind.Dovecot) when name.Length > 1 && name[0] == '$' => new AclIdentifier(AclIdentifierKind.Group, name[1..], negative),
            (_, ServerKind.Dovecot) when name.Length > 0 && name[0] is '!' or '#' => new AclIdentifier(AclIdentifierKind.Other, name, negative),
            _ when name.StartsWith("user=", StringComparison.Ordinal) && name.Length > 5 => AclIdentifier.User(name[5..], negative),
            _ when name.StartsWith("group=", StringComparison.Ordinal) && name.Length > 6 => new AclIdentifier(AclIdentifierKind.Group, name[6..], negative),
            _ => AclIdentifier.User(name, negative),
        };
    }

    /// <summary>
    /// Spells <paramref name="identifier"/> for the client: the owner as the owner's login (Courier's <c>owner</c>
    /// entry shows as <c>alice</c>, like Dovecot and Cyrus), groups as <c>group:NAME</c>, <c>authuser</c> as
    /// <c>authenticated</c>, users as logins (or <c>login@LoginDomain</c> with <see cref="AclOptions.IdentifiersAsAddresses"/>).
    /// </summary>
    public static string ToClient(AclIdentifier identifier, string? owner, AclOptions options)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(options);
        var name = identifier.Kind switch
        {
            AclIdentifierKind.Anyone => "anyone",
            AclIdentifierKind.Authenticated => "authenticated",
            AclIdentifierKind.Anonymous => "anonymous",
            AclIdentifierKind.Owner => owner is null ? "owner" : Address(owner, options),
            AclIdentifierKind.Administrators => "administrators",
            AclIdentifierKind.Group => GroupPrefix + identifier.Name,
            AclIdentifierKind.User => Address(identifier.Name, options),
            _ => identifier.Name,
        };

        return identifier.Negative ? "-" + name : name;
    }

    private static AclIdentifier? Special(string name, bool negative)
    {
        var kind = name.ToLowerInvariant() switch
        {
            "anyone" => AclIdentifierKind.Anyone,
            "authenticated" or "authuser" => AclIdentifierKind.Authenticated,
            "anonymous" => AclIdentifierKind.Anonymous,
            "owner" => AclIdentifierKind.Owner,
            "administrators" => AclIdentifierKind.Administrators,
            _ => (AclIdentifierKind?)null,
        };

        return kind is { } k ? new AclIdentifier(k, "", negative) : null;
    }

    /// <summary>Strips <c>@LoginDomain</c> from an address: <c>bob@example.com</c> → <c>bob</c>.</summary>
    public static string Login(string name, AclOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        if (options.LoginDomain is { } domain)
        {
            var at = name.LastIndexOf('@');
            if (at > 0 && string.Equals(name[(at + 1)..], domain, StringComparison.OrdinalIgnoreCase))
            {
                return name[..at];
            }
        }

        return name;
    }

    private static string Address(string login, AclOptions options) =>
        options.IdentifiersAsAddresses && options.LoginDomain is { } domain && !login.Contains('@', StringComparison.Ordinal)
            ? $"{login}@{domain}"
            : login;

    private static string? Fail(out string? error, string reason)
    {
        error = reason;
        return null;
    }
}
