using Gateway.Core.Configuration;

namespace Gateway.Imap.Hierarchy;

/// <summary>Builds the <see cref="ServerView"/> from what the server said, or from the configured <see cref="ServerProfile"/>.</summary>
/// <remarks>
/// The profile fixes the server kind and the legacy rule; NAMESPACE, when the server sends it, always
/// decides the prefixes, because it is what the server really does (a Cyrus with altnamespace answers
/// <c>(("" "/"))</c> whatever the profile says). Without NAMESPACE the profile's defaults apply.
/// </remarks>
internal static class ServerViewDetector
{
    /// <summary>Detects the server view.</summary>
    public static ServerView Detect(ServerProfile profile, ServerHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        var kind = profile switch
        {
            ServerProfile.Dovecot => ServerKind.Dovecot,
            ServerProfile.Cyrus => ServerKind.Cyrus,
            ServerProfile.Courier => ServerKind.Courier,
            _ => DetectKind(hints),
        };

        var defaults = kind switch
        {
            ServerKind.Cyrus => ServerView.Cyrus(),
            ServerKind.Courier => ServerView.Courier(),
            ServerKind.Dovecot => ServerView.Dovecot(hints.ListDelimiter ?? '/'),
            _ => new ServerView(new ServerNamespace("", hints.ListDelimiter ?? '/'), null, null),
        };

        var view = hints.Namespace is { } ns ? FromNamespace(ns, kind, hints.ListDelimiter) : defaults;
        var specialUse = hints.Capabilities.Any(c => string.Equals(c, "SPECIAL-USE", StringComparison.OrdinalIgnoreCase));
        return view with
        {
            Kind = kind,
            HasSpecialUse = specialUse,
            ListsOtherUsersSeparately = kind == ServerKind.Courier,
            SpecialFoldersUnderInbox = profile == ServerProfile.ScoOfficeV1,
        };
    }

    /// <summary>Recognises Dovecot, Cyrus or Courier from the ID name, the greeting, or Courier's fixed NAMESPACE.</summary>
    public static ServerKind DetectKind(ServerHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        string?[] texts = [hints.Id is { } id && id.TryGetValue("name", out var name) ? name : null, hints.Greeting];
        foreach (var text in texts)
        {
            if (text is null)
            {
                continue;
            }

            if (text.Contains("Dovecot", StringComparison.OrdinalIgnoreCase))
            {
                return ServerKind.Dovecot;
            }

            if (text.Contains("Cyrus", StringComparison.OrdinalIgnoreCase))
            {
                return ServerKind.Cyrus;
            }

            if (text.Contains("Courier", StringComparison.OrdinalIgnoreCase))
            {
                return ServerKind.Courier;
            }
        }

        // Note: Courier-IMAP hard-codes * NAMESPACE (("INBOX." ".")) NIL (("#shared." ".")("shared." ".")) (imap/imapd.C).
        return hints.Namespace is { OtherUsers.Count: 0 } ns && ns.Shared.Any(s => s.Prefix == "#shared.")
            && ns.Personal.Any(p => string.Equals(p.Prefix, "INBOX.", StringComparison.OrdinalIgnoreCase))
            ? ServerKind.Courier
            : ServerKind.Unknown;
    }

    private static ServerView FromNamespace(NamespaceResponse ns, ServerKind kind, char? listDelimiter)
    {
        var personal = ns.Personal.FirstOrDefault(p => p.Prefix.Length == 0)
            is { Delimiter: not '\0' } root ? root
            : ns.Personal.FirstOrDefault(p => p.Delimiter != '\0') is { Prefix: not null } first ? first
            : new ServerNamespace("", listDelimiter ?? '/');

        var shared = ns.Shared.Where(s => s.Delimiter != '\0').ToList();
        ServerNamespace? otherUsers = ns.OtherUsers.FirstOrDefault(o => o.Delimiter != '\0') is { Prefix: not null } o ? o : null;
        if (otherUsers is null && kind == ServerKind.Courier && shared.FirstOrDefault(s => s.Prefix.StartsWith('#')) is { Prefix: not null } virtualShared)
        {
            // Courier's "#shared." holds other accounts' folders shared by ACL: #shared.<user>.<folder>.
            otherUsers = virtualShared;
            shared.Remove(virtualShared);
        }

        ServerNamespace? publicNs = shared.Count > 0 ? shared[0] : null;
        return new ServerView(personal, otherUsers, publicNs, kind);
    }
}
