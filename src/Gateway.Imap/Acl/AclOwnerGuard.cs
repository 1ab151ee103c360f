namespace Gateway.Imap.Acl;

/// <summary>
/// Owner lock-out protection: decides whether a SETACL or DELETEACL would take lookup (<c>l</c>) or administer
/// (<c>a</c>) away from the folder's owner, who could then neither see nor repair the folder.
/// </summary>
/// <remarks>
/// Effective rights follow RFC 4314 §2 (and Courier's ACL2=UNION): the union of the positive entries that apply to
/// the owner (the owner's login, <c>owner</c>, <c>anyone</c>, <c>authenticated</c>) minus the union of the negative
/// ones. Groups never count, since the gateway does not know who is in them. Without the current ACL only the
/// changed entry is judged: any removal of l or a from the owner's own entry, deleting that entry, or a negative
/// l or a that applies to the owner is a lock-out. Adding rights never is, so someone with <c>a</c> can always
/// restore the owner.
/// </remarks>
internal static class AclOwnerGuard
{
    private static readonly AclRights Vital = AclRights.Of("la");

    /// <summary>
    /// Returns the tagged NO text (without tag) when the change would lock the owner out, or null when it is allowed.
    /// </summary>
    /// <param name="owner">The folder owner's login; null (public folder, unknown owner): never a lock-out.</param>
    /// <param name="current">The folder's current ACL (canonical rights), or null when unknown.</param>
    /// <param name="target">The identifier being changed.</param>
    /// <param name="change">The SETACL change in canonical rights, or null for DELETEACL.</param>
    /// <param name="ownerDisplay">The owner as the client sees it (for the message); defaults to <paramref name="owner"/>.</param>
    public static string? Check(string? owner, IReadOnlyList<AclEntry>? current, AclIdentifier target, AclRightsChange? change, string? ownerDisplay = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (owner is null || !target.AppliesTo(owner))
        {
            return null;
        }

        var lost = current is null ? LostWithoutAcl(owner, target, change) : LostWithAcl(owner, current, target, change);
        if (lost.IsEmpty)
        {
            return null;
        }

        var who = ownerDisplay ?? owner;
        var what = (lost.Contains('l'), lost.Contains('a')) switch
        {
            (true, true) => "lookup (l) and administer (a) rights",
            (true, false) => "lookup (l) right",
            _ => "administer (a) right",
        };
        var consequence = lost.Contains('l')
            ? "could no longer see this folder"
            : "could no longer change who may use this folder";
        return $"[NOPERM] Refused: this would take the {what} away from {who}, the folder's owner, who {consequence}. Keep {Letters(lost)} for {who} (the gateway allows this only with Acl:AllowOwnerLockout)";
    }

    /// <summary>The owner's effective rights under <paramref name="acl"/>.</summary>
    public static AclRights Effective(string owner, IEnumerable<AclEntry> acl)
    {
        ArgumentNullException.ThrowIfNull(acl);
        var positive = AclRights.None;
        var negative = AclRights.None;
        foreach (var entry in acl)
        {
            if (!entry.Identifier.AppliesTo(owner))
            {
                continue;
            }

            if (entry.Identifier.Negative)
            {
                negative = negative.Union(entry.Rights);
            }
            else
            {
                positive = positive.Union(entry.Rights);
            }
        }

        return positive.Except(negative);
    }

    /// <summary>Applies a SETACL (<paramref name="change"/>) or DELETEACL (null) to a copy of <paramref name="acl"/>.</summary>
    public static List<AclEntry> Apply(IReadOnlyList<AclEntry> acl, AclIdentifier target, AclRightsChange? change)
    {
        ArgumentNullException.ThrowIfNull(acl);
        var result = new List<AclEntry>(acl.Count + 1);
        var old = AclRights.None;
        foreach (var entry in acl)
        {
            if (entry.Identifier == target)
            {
                old = old.Union(entry.Rights);
            }
            else
            {
                result.Add(entry);
            }
        }

        if (change is { } c)
        {
            var rights = c.Mode switch
            {
                AclChangeMode.Add => old.Union(c.Rights),
                AclChangeMode.Remove => old.Except(c.Rights),
                _ => c.Rights,
            };
            if (!rights.IsEmpty)
            {
                result.Add(new AclEntry(target, rights));
            }
        }

        return result;
    }

    private static AclRights LostWithAcl(string owner, IReadOnlyList<AclEntry> current, AclIdentifier target, AclRightsChange? change)
    {
        // The owner's login and "owner" are one entry to the servers that show it (Courier maps alice to owner,
        // Dovecot shows its owner entry as alice), so they are compared as one here.
        var normalised = current.Select(e => e with { Identifier = Normalise(e.Identifier, owner) }).ToList();
        var before = Effective(owner, normalised);
        var after = Effective(owner, Apply(normalised, Normalise(target, owner), change));

        // Already missing before the change (an admin repairing other entries) is not this command's doing.
        return Vital.Intersect(before).Except(after);
    }

    private static AclRights LostWithoutAcl(string owner, AclIdentifier target, AclRightsChange? change)
    {
        if (target.Negative)
        {
            // A negative l or a that reaches the owner (its own, anyone's, authenticated's) takes it away.
            return change is { Mode: not AclChangeMode.Remove } c ? Vital.Intersect(c.Rights) : AclRights.None;
        }

        if (!target.Designates(owner))
        {
            // Taking rights from anyone/authenticated cannot reduce what the owner's own entry grants.
            return AclRights.None;
        }

        return change switch
        {
            null => Vital,
            { Mode: AclChangeMode.Replace } c => Vital.Except(c.Rights),
            { Mode: AclChangeMode.Remove } c => Vital.Intersect(c.Rights),
            _ => AclRights.None,
        };
    }

    private static AclIdentifier Normalise(AclIdentifier identifier, string owner) =>
        identifier.Designates(owner) ? AclIdentifier.Owner with { Negative = identifier.Negative } : identifier;

    private static string Letters(AclRights rights) => string.Join(" and ", rights.Letters().Select(c => $"'{c}'"));
}
