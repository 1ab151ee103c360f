namespace Gateway.Core.TrafficLog;

/// <summary>The protocol of a recorded session; selects the secret detector.</summary>
public enum TrafficProtocol
{
    /// <summary>IMAP4rev1/rev2 (RFC 3501, RFC 9051).</summary>
    Imap,

    /// <summary>SMTP submission (RFC 5321, RFC 4954).</summary>
    Smtp,

    /// <summary>The FTP control connection (RFC 959); data connections are not recorded.</summary>
    Ftp,

    /// <summary>POP3 (RFC 1939, RFC 5034).</summary>
    Pop3,
}
