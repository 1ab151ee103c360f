namespace Gateway.Imap.Acl;

/// <summary>
/// The client side of rights translation: what the client's letters mean on a given server, and how canonical
/// rights are written for an RFC 2086 or RFC 4314 client.
/// </summary>
/// <remarks>
/// The client's obsolete <c>c</c>/<c>d</c> take the server's own interpretation (RFC 4314 §2.1.1): on Dovecot and
/// Cyrus <c>c</c> = k+x and <c>d</c> = t+e; on Courier <c>c</c> = k and <c>d</c> = x+t+e. Either way <c>cd</c> is
/// k+x+t+e, and a classic set survives client → server → client unchanged.
/// </remarks>
internal static class AclClientRights
{
    /// <summary>The letters that tell an RFC 4314 client from an RFC 2086 one (<see cref="AclClientDialect.Auto"/>).</summary>
    public static AclRights Rfc4314Markers => AclRights.Rfc4314Only;

    /// <summary>Canonical meaning of rights a client sent: <c>c</c> and <c>d</c> always stand for all their members (RFC 4314 §2.1.1).</summary>
    public static AclRights FromClient(AclRights letters, AclServerDialect server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var rights = letters.Without('c').Without('d');
        if (letters.Contains('c'))
        {
            rights = rights.Union(server.CreateMacro);
        }

        if (letters.Contains('d'))
        {
            rights = rights.Union(server.DeleteMacro);
        }

        return rights;
    }

    /// <summary>
    /// Writes canonical rights for the client. RFC 2086: <c>lrswipa</c> as held, <c>c</c> if any member of the
    /// server's <c>c</c> is held, <c>d</c> likewise; nothing else (no k x t e n, no digits). RFC 4314: every right
    /// plus the <c>c</c>/<c>d</c> macros under the same rule (§2.1.1 requires them in replies).
    /// </summary>
    public static AclRights ToClient(AclRights canonical, AclServerDialect server, bool rfc4314)
    {
        ArgumentNullException.ThrowIfNull(server);
        var rights = rfc4314 ? canonical.Without('c').Without('d') : canonical.Intersect(AclRights.ClassicSimple);
        if (canonical.ContainsAny(server.CreateMacro))
        {
            rights = rights.With('c');
        }

        if (canonical.ContainsAny(server.DeleteMacro))
        {
            rights = rights.With('d');
        }

        return rights;
    }

    /// <summary>
    /// The canonical rights for a replacing SETACL from an RFC 2086 client when the entry's current rights are known:
    /// rights the client cannot see (n, digits, other letters) are kept (RFC 4314 §5.1.2), and a macro whose
    /// visibility the client left unchanged keeps its exact current members (a server entry with only k, shown as
    /// <c>c</c>, stays k when the client writes <c>c</c> back; it does not become k+x).
    /// </summary>
    public static AclRights PreserveHidden(AclRights requested, AclRights clientLetters, AclRights current, AclServerDialect server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var shownNow = ToClient(current, server, rfc4314: false);
        var result = requested;
        foreach (var (letter, members) in new[] { ('c', server.CreateMacro), ('d', server.DeleteMacro) })
        {
            if (clientLetters.Contains(letter) && shownNow.Contains(letter))
            {
                result = result.Except(members).Union(current.Intersect(members));
            }
        }

        var visible = AclRights.ClassicSimple.Union(server.CreateMacro).Union(server.DeleteMacro);
        return result.Union(current.Except(visible));
    }
}
