namespace Gateway.Imap.Transforms;

/// <summary>
/// A pure rewrite of one client command line (a single segment without literals) on its way upstream.
/// Later transforms (hierarchy, ACL) plug in here.
/// </summary>
internal interface IImapCommandTransform
{
    /// <summary>Whether this transform may change a command named <paramref name="command"/> (upper case).</summary>
    bool Interested(string command);

    /// <summary>Returns the line to send instead of <paramref name="line"/> (without CRLF), or null to keep it.</summary>
    string? Rewrite(string line);
}
