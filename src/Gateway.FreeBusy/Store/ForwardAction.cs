namespace Gateway.FreeBusy.Store;

/// <summary>What a queued forward does upstream.</summary>
internal enum ForwardAction
{
    /// <summary>Upload the queued copy.</summary>
    Put,

    /// <summary>Delete the file upstream.</summary>
    Delete,
}
