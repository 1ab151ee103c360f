namespace Gateway.Imap.Transforms;

/// <summary>
/// A pure rewrite of one upstream response line on its way to the client (no I/O).
/// Later transforms (hierarchy, ACL) plug in here.
/// </summary>
internal interface IImapResponseTransform
{
    /// <summary>Cheap test on the raw line whether this transform may change it.</summary>
    bool Interested(ReadOnlySpan<byte> line);

    /// <summary>Returns the line to send instead of <paramref name="line"/> (without CRLF), or null to keep it.</summary>
    string? Rewrite(string line);
}
