using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Acl;

/// <summary>Rewrites the ACL capabilities for the client's dialect.</summary>
internal static class AclCapabilities
{
    /// <summary>
    /// Drops the server's <c>RIGHTS=</c> and <c>ACL2=</c> (Courier's ACL2 commands bypass the translation), keeps
    /// <c>ACL</c>, and for an RFC 4314 or Auto client adds <c>RIGHTS=</c> when the gateway can carry each of
    /// <c>k x t e</c> to the server on its own (not in front of a pure RFC 2086 server).
    /// </summary>
    public static List<string> Rewrite(IEnumerable<string> capabilities, ServerKind kind, AclClientDialect clientDialect)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var list = capabilities.ToList();
        var server = AclServerDialect.Detect(kind, list);
        var result = list.Where(c => !c.StartsWith("RIGHTS=", StringComparison.OrdinalIgnoreCase) && !c.StartsWith("ACL2=", StringComparison.OrdinalIgnoreCase)).ToList();
        if (!server.HasAcl || clientDialect == AclClientDialect.Rfc2086 || !CarriesRfc4314Rights(server))
        {
            return result;
        }

        // RIGHTS= must list t e x k (RFC 4314 §5.1.1) and none of the RFC 2086 letters (§2.2).
        var letters = AclRights.Rfc4314Only.Union(AclRights.Of(server.AdvertisedRights ?? "")).Except(AclRights.Classic).Except(AclRights.Digits);
        var at = result.FindIndex(c => string.Equals(c, "ACL", StringComparison.OrdinalIgnoreCase));
        result.Insert(at + 1, "RIGHTS=" + letters);
        return result;
    }

    /// <summary>Whether each of k, x, t, e can be granted alone on <paramref name="server"/>.</summary>
    public static bool CarriesRfc4314Rights(AclServerDialect server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return AclRights.Rfc4314Only.Letters().All(c => server.TryToServer(AclRights.None.With(c), AclChangeMode.Replace, out _, out _));
    }
}
