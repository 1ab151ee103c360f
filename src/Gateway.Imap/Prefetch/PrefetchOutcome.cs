namespace Gateway.Imap.Prefetch;

/// <summary>How a prefetch run for one user ended.</summary>
internal enum PrefetchOutcome
{
    /// <summary>Every folder was looked at (a folder the server refused to open is logged and skipped).</summary>
    Done,

    /// <summary>The server rejected the remembered password: the user leaves the schedule.</summary>
    Rejected,

    /// <summary>The server was unreachable or the connection failed: tried again one interval later.</summary>
    Failed,
}
