namespace Gateway.Imap.Hierarchy;

/// <summary>Converts between <see cref="SpecialUse"/> roles and their LIST attributes (<c>\Sent</c>, <c>\Trash</c>, ...).</summary>
internal static class SpecialUseAttributes
{
    private static readonly (SpecialUse Role, string Attribute)[] s_table =
    [
        (SpecialUse.All, "\\All"),
        (SpecialUse.Archive, "\\Archive"),
        (SpecialUse.Drafts, "\\Drafts"),
        (SpecialUse.Flagged, "\\Flagged"),
        (SpecialUse.Junk, "\\Junk"),
        (SpecialUse.Sent, "\\Sent"),
        (SpecialUse.Trash, "\\Trash"),
    ];

    /// <summary>The attribute for <paramref name="role"/>, e.g. <c>\Sent</c>; null for <see cref="SpecialUse.None"/>.</summary>
    public static string? ToAttribute(SpecialUse role)
    {
        foreach (var (r, attribute) in s_table)
        {
            if (r == role)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The role an attribute names (case-insensitive), or <see cref="SpecialUse.None"/>.</summary>
    public static SpecialUse FromAttribute(string attribute)
    {
        foreach (var (role, a) in s_table)
        {
            if (string.Equals(a, attribute, StringComparison.OrdinalIgnoreCase))
            {
                return role;
            }
        }

        return SpecialUse.None;
    }

    /// <summary>The first special-use role among <paramref name="attributes"/>, or <see cref="SpecialUse.None"/>.</summary>
    public static SpecialUse FromAttributes(IEnumerable<string> attributes)
    {
        foreach (var attribute in attributes)
        {
            var role = FromAttribute(attribute);
            if (role != SpecialUse.None)
            {
                return role;
            }
        }

        return SpecialUse.None;
    }
}
