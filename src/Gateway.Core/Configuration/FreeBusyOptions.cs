namespace Gateway.Core.Configuration;

/// <summary>The <c>FreeBusy</c> section: the FTP free/busy listener, its local store and its forward queue.</summary>
public sealed class FreeBusyOptions
{
    /// <summary>Folder of the local copies of published files and of the forward queue.</summary>
    public string Path { get; set; } = "freebusy";

    /// <summary>Largest accepted upload (and upstream lookup), in KB.</summary>
    public int MaxUploadKB { get; set; } = 1024;

    /// <summary>Extra file names a login may publish as, besides its own (login → names).</summary>
    public FreeBusyAliases Aliases { get; set; } = new();

    /// <summary>When set, the gateway forwards and looks up as this account instead of the publishing user.</summary>
    public string? ServiceUser { get; set; }

    public string? ServicePassword { get; set; }

    /// <summary>The folder of the user's mailbox that receives published files when the target is <c>imap://</c>.</summary>
    public string ImapFolder { get; set; } = "FreeBusy";

    /// <summary>Lowest passive data port; 0 with <see cref="PassivePortMax"/> 0 lets the system pick.</summary>
    public int PassivePortMin { get; set; }

    public int PassivePortMax { get; set; }

    /// <summary>Seconds a client may stay silent on the control connection.</summary>
    public int IdleTimeoutSeconds { get; set; } = 300;

    /// <summary>Seconds a data connection may take to open, and a transfer to stall.</summary>
    public int TransferTimeoutSeconds { get; set; } = 60;

    /// <summary>Seconds a lookup waits for the upstream before it serves the local copy.</summary>
    public int LookupTimeoutSeconds { get; set; } = 5;

    /// <summary>Seconds before the first retry of a failed forward; later retries back off up to an hour.</summary>
    public int RetrySeconds { get; set; } = 60;
}
