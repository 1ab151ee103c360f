namespace Gateway.FreeBusy.Session;

/// <summary>How a data transfer ended.</summary>
internal enum TransferResult
{
    Done,

    /// <summary>The data connection failed, timed out or was aborted; already answered.</summary>
    Failed,

    /// <summary>The upload passed <c>FreeBusy:MaxUploadKB</c>; reading stopped.</summary>
    TooLarge,
}
