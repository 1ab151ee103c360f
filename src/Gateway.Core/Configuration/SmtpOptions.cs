namespace Gateway.Core.Configuration;

/// <summary>The <c>Smtp</c> section: who may send as whom, message size, and the spool's retry schedule.</summary>
public sealed class SmtpOptions
{
    /// <summary>MAIL FROM and the From:/Sender: headers must be addresses of the logged-in user.</summary>
    public bool RequireSenderMatch { get; set; } = true;

    /// <summary>Domains whose <c>&lt;login&gt;@&lt;domain&gt;</c> address belongs to the login of the same name.</summary>
    public IReadOnlyList<string> LocalDomains { get; set; } = [];

    /// <summary>More addresses a login may send as, by login.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SenderAliases { get; set; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Largest message accepted, in KB; 0 takes the upstream server's SIZE limit.</summary>
    public int MaxMessageSizeKB { get; set; }

    /// <summary>Relay each message upstream before answering the client (true), or answer as soon as it is in the spool (false).</summary>
    public bool RelayFirst { get; set; } = true;

    /// <summary>A login the spool may relay with when the sender's own password is not known; optional.</summary>
    public string? ServiceAccountUser { get; set; }

    /// <summary>The password of <see cref="ServiceAccountUser"/>.</summary>
    public string? ServiceAccountPassword { get; set; }

    /// <summary>Delay before the first retry of a spooled message, in seconds (Postfix: minimal_backoff_time 300 s).</summary>
    public int RetryFirstSeconds { get; set; } = 300;

    /// <summary>Longest delay between retries, in seconds; the delay doubles up to this (Postfix: maximal_backoff_time 4000 s).</summary>
    public int RetryMaxSeconds { get; set; } = 4000;

    /// <summary>Hours after which a message that could not be delivered is returned to its sender (Postfix: maximal_queue_lifetime 5 days).</summary>
    public int GiveUpHours { get; set; } = 120;

    /// <summary>How many upstream connections the spool delivers on at once.</summary>
    public int DeliveryConcurrency { get; set; } = 4;

    /// <summary>Seconds a client may stay silent before the gateway closes its session (RFC 5321 §4.5.3.2.7: 5 minutes).</summary>
    public int ClientTimeoutSeconds { get; set; } = 300;

    public bool HasServiceAccount => !string.IsNullOrEmpty(ServiceAccountUser) && !string.IsNullOrEmpty(ServiceAccountPassword);
}
