namespace Gateway.Core.Configuration;

/// <summary>How a connection to an upstream server is secured.</summary>
public enum SecurityMode
{
    /// <summary>Plain text; only for servers on the same host or a trusted network.</summary>
    None,

    /// <summary>Plain connect, then STARTTLS; refuse to go on if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (IMAPS 993, SMTPS 465).</summary>
    Tls,
}
