namespace Gateway.Core.Configuration;

/// <summary>The <c>Imap</c> section: behaviour of the IMAP relay.</summary>
public sealed class ImapOptions
{
    /// <summary>
    /// Hold new-mail notifications (EXISTS/RECENT) that arrive outside IDLE until the client's next
    /// NOOP, CHECK or IDLE, as old Outlook and Outlook Express need. Off for modern clients.
    /// </summary>
    public bool DelayNewMail { get; set; } = true;

    /// <summary>Seconds between the gateway's transparent re-issues of an upstream IDLE (RFC 2177: under 29 minutes).</summary>
    public int IdleRefreshSeconds { get; set; } = 25 * 60;

    /// <summary>Minutes a logged-in client may stay silent outside IDLE before it is logged out (RFC 3501 §5.4: at least 30).</summary>
    public int AutologoutMinutes { get; set; } = 30;

    /// <summary>Seconds a client may take to log in.</summary>
    public int LoginTimeoutSeconds { get; set; } = 120;

    /// <summary>Longest command or response line, in KB.</summary>
    public int MaxLineKB { get; set; } = 64;

    /// <summary>Largest literal (e.g. an APPENDed message), in MB.</summary>
    public int MaxLiteralMB { get; set; } = 256;

    /// <summary>Client folder under which other users' shared folders appear: <c>Other Users/&lt;user&gt;/...</c>.</summary>
    public string OtherUsersFolder { get; set; } = "Other Users";

    /// <summary>Client folder under which the server's public namespace appears.</summary>
    public string SharedFolder { get; set; } = "Shared Folders";

    /// <summary>
    /// Hidden server folder holding the client's INBOX sub-folders on servers whose personal folders all live
    /// under <c>INBOX.</c> (Cyrus, Courier), where <c>Work</c> and <c>INBOX/Work</c> would otherwise collide.
    /// </summary>
    public string InboxSubfoldersContainer { get; set; } = "Inbox-Subfolders";

    /// <summary>Show folders other users share in LSUB too, so Outlook lists them without subscribing.</summary>
    public bool AutoSubscribeShared { get; set; } = true;

    /// <summary>
    /// Outlook's names for special folders mapped onto the server's own (name → Sent, Drafts, Trash, Junk or
    /// Archive); empty means the built-in English and Spanish table.
    /// </summary>
    public IReadOnlyDictionary<string, string> FolderAliases { get; set; } = new Dictionary<string, string>();
}
