namespace Gateway.Imap.Hierarchy;

/// <summary>The configurable parts of the client view; the lead binds these to <c>Imap:*</c> configuration keys.</summary>
internal sealed record HierarchyOptions
{
    /// <summary>The Outlook-side names aliased onto the server's Sent/Trash/Drafts/Junk/Archive by default (English and Spanish Outlook).</summary>
    public static readonly IReadOnlyList<FolderAlias> DefaultAliases =
    [
        new("Sent Items", SpecialUse.Sent),
        new("Sent", SpecialUse.Sent),
        new("Elementos enviados", SpecialUse.Sent),
        new("Deleted Items", SpecialUse.Trash),
        new("Trash", SpecialUse.Trash),
        new("Elementos eliminados", SpecialUse.Trash),
        new("Drafts", SpecialUse.Drafts),
        new("Borradores", SpecialUse.Drafts),
        new("Junk E-mail", SpecialUse.Junk),
        new("Junk Email", SpecialUse.Junk),
        new("Junk", SpecialUse.Junk),
        new("Correo no deseado", SpecialUse.Junk),
        new("Archive", SpecialUse.Archive),
        new("Archivo", SpecialUse.Archive),
    ];

    /// <summary>The special folders a ScoOfficeV1 server keeps under INBOX.</summary>
    public static readonly IReadOnlyList<string> DefaultSpecialFolders = ["Contacts", "Calendar", "Journal", "Notes", "Tasks"];

    /// <summary>Client root folder holding other users' folders: <c>Other Users/&lt;user&gt;/...</c>.</summary>
    public string OtherUsersRoot { get; init; } = "Other Users";

    /// <summary>Client root folder holding the public/shared namespace: <c>Shared Folders/...</c>.</summary>
    public string SharedRoot { get; init; } = "Shared Folders";

    /// <summary>
    /// Name of the reserved server folder under INBOX that holds the client's INBOX sub-folders on servers whose
    /// personal folders all live under INBOX (client <c>INBOX/Work</c> ↔ server <c>INBOX.Inbox-Subfolders.Work</c>).
    /// </summary>
    public string InboxChildrenContainer { get; init; } = "Inbox-Subfolders";

    /// <summary>Folders that live under INBOX on a ScoOfficeV1 server but at the client root (compared ignoring case).</summary>
    public IReadOnlyList<string> SpecialFolders { get; init; } = DefaultSpecialFolders;

    /// <summary>Client root names aliased onto the server's special-use folders (compared ignoring case).</summary>
    public IReadOnlyList<FolderAlias> Aliases { get; init; } = DefaultAliases;

    /// <summary>Show other users' folders in LSUB as if subscribed (the relay lists them with LIST).</summary>
    public bool AutoSubscribeShared { get; init; } = true;

    /// <summary>Every configuration error, each naming its setting; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckLevel(errors, nameof(OtherUsersRoot), OtherUsersRoot);
        CheckLevel(errors, nameof(SharedRoot), SharedRoot);
        CheckLevel(errors, nameof(InboxChildrenContainer), InboxChildrenContainer);
        if (string.Equals(OtherUsersRoot, SharedRoot, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{nameof(OtherUsersRoot)} and {nameof(SharedRoot)} must differ");
        }

        foreach (var root in new[] { OtherUsersRoot, SharedRoot })
        {
            if (string.Equals(root, "INBOX", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"'{root}' cannot be used as a root folder name: it is INBOX");
            }
        }

        foreach (var name in SpecialFolders)
        {
            CheckLevel(errors, nameof(SpecialFolders), name);
        }

        foreach (var alias in Aliases)
        {
            CheckLevel(errors, nameof(Aliases), alias.Name);
            if (alias.Role == SpecialUse.None)
            {
                errors.Add($"{nameof(Aliases)}: '{alias.Name}' has no special-use role");
            }
        }

        return errors;
    }

    private static void CheckLevel(List<string> errors, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{key} must not be empty");
        }
        else if (value.Contains(HierarchyMap.ClientDelimiter, StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal) || value.Contains('%', StringComparison.Ordinal))
        {
            errors.Add($"{key}: '{value}' must be a single folder level without '/', '*' or '%'");
        }
    }
}
