namespace Gateway.FreeBusy.Store;

/// <summary>What happened to an upload.</summary>
internal enum PublishOutcome
{
    /// <summary>Stored locally and queued for the upstream.</summary>
    Stored,

    /// <summary>Not a VCALENDAR with a VFREEBUSY; nothing was replaced.</summary>
    Invalid,
}
