namespace Gateway.Imap.Session;

/// <summary>Why an IMAP session ended; decides what the client and the upstream are told.</summary>
internal enum SessionEndReason
{
    ClientClosed,
    ClientLoggedOut,
    UpstreamClosed,
    UpstreamFailed,
    ProtocolViolation,
    Timeout,
    Shutdown,
}
