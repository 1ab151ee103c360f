using System.Text;
using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Acl;

/// <summary>
/// What an upstream server's ACL letters mean, so that rights are translated by meaning, not by spelling.
/// </summary>
/// <param name="Kind">The server implementation (identifiers and error texts depend on it).</param>
/// <param name="HasAcl">The server advertises <c>ACL</c>.</param>
/// <param name="Native">
/// Canonical rights (RFC 4314 letters, never <c>c</c>/<c>d</c>) the server stores one by one and accepts in SETACL.
/// </param>
/// <param name="CreateMacro">What the server's <c>c</c> stands for: <c>kx</c> (RFC 4314 §2.1.1, first interpretation; Dovecot, Cyrus) or <c>k</c> (Courier).</param>
/// <param name="DeleteMacro">What the server's <c>d</c> stands for: <c>te</c> (Dovecot, Cyrus) or <c>xte</c> (Courier).</param>
/// <param name="PreferMacros">Send a complete macro as its letter even when the members are native (Courier speaks RFC 2086 letters).</param>
/// <param name="AdvertisedRights">The letters of the server's <c>RIGHTS=</c> capability, or null when it advertises none.</param>
internal sealed record AclServerDialect(
    ServerKind Kind,
    bool HasAcl,
    AclRights Native,
    AclRights CreateMacro,
    AclRights DeleteMacro,
    bool PreferMacros,
    string? AdvertisedRights)
{
    private static readonly AclRights CreateDeleteFirst = AclRights.Of("kx");
    private static readonly AclRights DeleteFirst = AclRights.Of("te");

    /// <summary>Dovecot 2.3 (<c>ACL RIGHTS=texk</c>): natively <c>lrwstipekxa</c>, <c>c</c>=k+x, <c>d</c>=t+e, no digits.</summary>
    public static AclServerDialect Dovecot { get; } =
        new(ServerKind.Dovecot, true, AclRights.Of("lrswipkxtea"), CreateDeleteFirst, DeleteFirst, false, "texk");

    /// <summary>Cyrus 3.x (<c>ACL RIGHTS=kxten</c>, <c>deleteright: c</c>): natively <c>lrswipkxtean</c> and digits.</summary>
    public static AclServerDialect Cyrus { get; } =
        new(ServerKind.Cyrus, true, AclRights.Of("lrswipkxtean").Union(AclRights.Digits), CreateDeleteFirst, DeleteFirst, false, "kxten");

    /// <summary>
    /// Courier-IMAP 5 (<c>ACL ACL2=UNION</c>, no <c>RIGHTS=</c>): its RFC 2086 commands show <c>acdilrsw</c>, where
    /// <c>c</c> is only create (k) and <c>d</c> is x+t+e (shown only when all three are held); x, t, e are accepted on input.
    /// </summary>
    public static AclServerDialect Courier { get; } =
        new(ServerKind.Courier, true, AclRights.Of("lrswipxtea"), AclRights.Of("k"), AclRights.Of("xte"), true, null);

    /// <summary>A pure RFC 2086 server (Cyrus 2.2, <c>ACL</c> without <c>RIGHTS=</c>): <c>c</c> and <c>d</c> are its own rights.</summary>
    public static AclServerDialect Rfc2086(ServerKind kind = ServerKind.Unknown) =>
        new(kind, true, AclRights.ClassicSimple.Union(AclRights.Digits), CreateDeleteFirst, DeleteFirst, true, null);

    /// <summary>Recognises the dialect from the post-login capabilities and the server kind.</summary>
    /// <remarks>
    /// <c>RIGHTS=</c> decides RFC 4314 (its letters are native, with <c>lrswipa</c>); Courier, or <c>ACL2=UNION</c>
    /// without <c>RIGHTS=</c>, is Courier's dialect; <c>ACL</c> alone is RFC 2086.
    /// </remarks>
    public static AclServerDialect Detect(ServerKind kind, IEnumerable<string> capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var hasAcl = false;
        var union = false;
        string? rights = null;
        foreach (var capability in capabilities)
        {
            hasAcl |= string.Equals(capability, "ACL", StringComparison.OrdinalIgnoreCase);
            union |= capability.StartsWith("ACL2=", StringComparison.OrdinalIgnoreCase);
            if (capability.StartsWith("RIGHTS=", StringComparison.OrdinalIgnoreCase))
            {
                rights = capability["RIGHTS=".Length..];
            }
        }

        AclServerDialect dialect;
        if (rights is not null)
        {
            var advertised = AclRights.Of(rights.ToLowerInvariant()).Except(AclRights.Of("cd"));
            dialect = kind switch
            {
                ServerKind.Dovecot => Dovecot with { Native = Dovecot.Native.Union(advertised) },
                ServerKind.Cyrus => Cyrus with { Native = AclRights.ClassicSimple.Union(AclRights.Digits).Union(advertised) },
                _ => new AclServerDialect(kind, true, AclRights.ClassicSimple.Union(AclRights.Digits).Union(advertised), CreateDeleteFirst, DeleteFirst, false, null),
            };
            dialect = dialect with { AdvertisedRights = rights };
        }
        else if (kind == ServerKind.Courier || union)
        {
            dialect = Courier with { Kind = kind == ServerKind.Unknown ? ServerKind.Courier : kind };
        }
        else
        {
            dialect = Rfc2086(kind);
        }

        return dialect with { HasAcl = hasAcl };
    }

    /// <summary>Whether the server's RFC 2086-style <c>c</c>/<c>d</c> stand for RFC 4314 rights (false only if they coincide).</summary>
    public bool IsRfc4314 => AdvertisedRights is not null;

    /// <summary>
    /// The canonical meaning of rights the server wrote in ACL, MYRIGHTS or LISTRIGHTS.
    /// </summary>
    /// <remarks>
    /// <c>c</c> and <c>d</c> are expanded only when none of their members is in the same string: an RFC 4314
    /// server adds the macro whenever any member is held (§2.1.1), so a Dovecot <c>lkc</c> is <c>lk</c>, not <c>lkx</c>.
    /// Courier never shows its members, so its <c>c</c> is always k and its <c>d</c> always x+t+e.
    /// </remarks>
    public AclRights FromServer(string letters)
    {
        ArgumentNullException.ThrowIfNull(letters);
        var given = AclRights.Of(letters);
        var rights = given.Without('c').Without('d');
        if (given.Contains('c') && !given.ContainsAny(CreateMacro))
        {
            rights = rights.Union(CreateMacro);
        }

        if (given.Contains('d') && !given.ContainsAny(DeleteMacro))
        {
            rights = rights.Union(DeleteMacro);
        }

        return rights;
    }

    /// <summary>
    /// The letters to send in SETACL for canonical <paramref name="rights"/>; false with a reason when the server
    /// cannot store exactly that set.
    /// </summary>
    /// <remarks>
    /// Members the server stores natively are sent as such. A macro whose members are all wanted is sent as its letter
    /// when a member is not native, or always with <see cref="PreferMacros"/>. A part of a macro that the server
    /// can only grant as a whole (a 2086 server's <c>c</c> for k alone) is refused for Replace and Add, and widened
    /// to the whole macro for Remove (taking away more, never granting more). Letters unknown to the server are
    /// passed on so that the server answers BAD as RFC 4314 §3.1 requires.
    /// </remarks>
    public bool TryToServer(AclRights rights, AclChangeMode mode, out string letters, out string? error)
    {
        var output = rights.Without('c').Without('d');
        foreach (var (letter, members) in new[] { ('c', CreateMacro), ('d', DeleteMacro) })
        {
            var wanted = rights.Intersect(members);
            if (wanted.IsEmpty)
            {
                continue;
            }

            var foreign = wanted.Except(Native);
            if (wanted == members && (PreferMacros || !foreign.IsEmpty))
            {
                output = output.Except(members).With(letter);
            }
            else if (!foreign.IsEmpty)
            {
                if (mode != AclChangeMode.Remove)
                {
                    letters = "";
                    error = $"this server grants {Describe(members)} only together (as its '{letter}' right), not {Describe(wanted)} alone";
                    return false;
                }

                output = output.Except(members).With(letter);
            }
        }

        letters = output.ToString();
        error = null;
        return true;
    }

    private static string Describe(AclRights rights)
    {
        var text = new StringBuilder();
        foreach (var c in rights.Letters())
        {
            text.Append(text.Length == 0 ? "" : "+").Append(c);
        }

        return text.ToString();
    }
}
