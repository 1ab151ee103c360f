namespace Gateway.Core.TrafficLog;

/// <summary>The protocol of a recorded session; selects the secret detector.</summary>
public enum TrafficProtocol
{
    Imap,
    Smtp,
    Ftp,
    Pop3,
}
