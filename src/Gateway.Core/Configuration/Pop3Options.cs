namespace Gateway.Core.Configuration;

/// <summary>The <c>Pop3</c> section: which upstream mailbox the POP3 front serves and what DELE does.</summary>
public sealed class Pop3Options
{
    /// <summary>The upstream IMAP mailbox that is the POP3 maildrop.</summary>
    public string Mailbox { get; set; } = "INBOX";

    /// <summary>Accept DELE but never remove anything upstream ("leave a copy on the server", enforced).</summary>
    public bool IgnoreDelete { get; set; }

    /// <summary>Seconds a client may stay silent before the session ends without committing (RFC 1939 §3: at least 10 minutes).</summary>
    public int ClientTimeoutSeconds { get; set; } = 600;
}
