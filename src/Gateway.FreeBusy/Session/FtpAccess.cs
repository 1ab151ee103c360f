namespace Gateway.FreeBusy.Session;

/// <summary>When a command may be used.</summary>
internal enum FtpAccess
{
    /// <summary>At any time, before login too.</summary>
    Always,

    /// <summary>After USER/PASS (anonymous included).</summary>
    LoggedIn,
}
