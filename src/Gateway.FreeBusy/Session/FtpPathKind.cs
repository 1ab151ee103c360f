namespace Gateway.FreeBusy.Session;

/// <summary>What a resolved path names.</summary>
internal enum FtpPathKind
{
    /// <summary>The path was refused (traversal, encoded forms, bad characters); see <see cref="FtpPathResult.Reason"/>.</summary>
    Refused,

    /// <summary>One of the tree's directories: <c>/</c>, <c>/pub</c>, <c>/pub/calendar</c>.</summary>
    Directory,

    /// <summary>A name directly inside <c>/pub/calendar</c> (not yet checked to be a valid <c>.vfb</c> name).</summary>
    CalendarFile,

    /// <summary>A well-formed path that is not in the tree.</summary>
    Outside,
}
