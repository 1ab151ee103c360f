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
}
