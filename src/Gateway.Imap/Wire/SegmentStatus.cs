namespace Gateway.Imap.Wire;

/// <summary>The outcome of trying to read one line segment.</summary>
internal enum SegmentStatus
{
    /// <summary>A whole segment was read.</summary>
    Done,

    /// <summary>No line ending yet; nothing consumed.</summary>
    NeedMoreData,

    /// <summary>The line is longer than the limit; the peer cannot be resynchronised safely.</summary>
    LineTooLong,

    /// <summary>The segment announces a literal larger than the limit.</summary>
    LiteralTooLarge,
}
