namespace Gateway.Imap.Hierarchy;

/// <summary>
/// The upstream server's folder shape: namespaces, delimiter and the rules the hierarchy map must follow.
/// Detected by <see cref="ServerViewDetector"/> or taken from a preset.
/// </summary>
/// <param name="Personal">The personal namespace: prefix <c>""</c> (Dovecot), <c>"INBOX."</c> (Cyrus standard, Courier), ...</param>
/// <param name="OtherUsers">Other users' namespace (<c>"shared/"</c>, <c>"user."</c>, <c>"#shared."</c>), or null.</param>
/// <param name="Shared">The public/shared namespace (<c>"Public/"</c>, Cyrus <c>""</c>, Courier <c>"shared."</c>), or null.</param>
/// <param name="Kind">The server implementation, for quirks.</param>
internal sealed record ServerView(ServerNamespace Personal, ServerNamespace? OtherUsers, ServerNamespace? Shared, ServerKind Kind = ServerKind.Unknown)
{
    /// <summary>The personal namespace's hierarchy delimiter.</summary>
    public char Delimiter => Personal.Delimiter;

    /// <summary>
    /// The special folders (Contacts, Calendar, Journal, Notes, Tasks) must live under INBOX on the server
    /// (ScoOfficeV1 legacy servers): client <c>Calendar</c> is server <c>INBOX/Calendar</c>.
    /// </summary>
    public bool SpecialFoldersUnderInbox { get; init; }

    /// <summary>The server flags special-use folders itself (capability <c>SPECIAL-USE</c>); otherwise they are found by name.</summary>
    public bool HasSpecialUse { get; init; }

    /// <summary>
    /// <c>LIST "" "*"</c> leaves out the other-users namespace, so it must be listed with its own prefix.
    /// </summary>
    /// <remarks>Note: Courier-IMAP 5.0 lists <c>#shared.</c> folders only for <c>LIST "" "#shared.*"</c> (upstream-servers.md).</remarks>
    public bool ListsOtherUsersSeparately { get; init; }

    /// <summary>Every personal folder lives under INBOX (personal prefix <c>INBOX</c> + delimiter), so INBOX's own children need the reserved container.</summary>
    public bool PersonalUnderInbox =>
        Personal.Prefix.Length == 6 && Personal.Prefix[5] == Personal.Delimiter && Personal.Prefix.StartsWith("INBOX", StringComparison.OrdinalIgnoreCase);

    /// <summary>Dovecot's default: personal at the root with <paramref name="delimiter"/>, other users under <c>shared/</c>.</summary>
    public static ServerView Dovecot(char delimiter = '/') =>
        new(new("", delimiter), new($"shared{delimiter}", delimiter), null, ServerKind.Dovecot) { HasSpecialUse = true };

    /// <summary>Cyrus standard namespace: <c>INBOX.</c>, other users <c>user.</c>, shared at the root.</summary>
    public static ServerView Cyrus() =>
        new(new("INBOX.", '.'), new("user.", '.'), new("", '.'), ServerKind.Cyrus) { HasSpecialUse = true };

    /// <summary>Courier: <c>INBOX.</c>, other users' folders under <c>#shared.</c> (listed separately), public <c>shared.</c>, no SPECIAL-USE.</summary>
    public static ServerView Courier() =>
        new(new("INBOX.", '.'), new("#shared.", '.'), new("shared.", '.'), ServerKind.Courier) { ListsOtherUsersSeparately = true };

    /// <summary>A ScoOfficeV1 legacy server: personal at the root with <paramref name="delimiter"/>, special folders under INBOX.</summary>
    public static ServerView ScoOfficeV1(char delimiter = '/') =>
        new(new("", delimiter), null, null) { SpecialFoldersUnderInbox = true };
}
