namespace Gateway.Imap.Transforms.Capabilities;

/// <summary>
/// Decides which upstream capabilities the client may see: only those the relay honours.
/// </summary>
/// <remarks>
/// An allow-list, not a deny-list: an extension the gateway has never seen may change the wire
/// format (COMPRESS=DEFLATE switches the stream to zlib; NOTIFY and some X- extensions send
/// unsolicited data the gateway cannot attribute), so it is hidden until someone checks it.
/// </remarks>
internal static class CapabilityFilter
{
    private static readonly HashSet<string> s_exact = new(StringComparer.OrdinalIgnoreCase)
    {
        "IMAP4rev1", "IMAP4rev2", "LITERAL+", "LITERAL-", "IDLE", "UIDPLUS", "SPECIAL-USE", "ACL", "NAMESPACE",
        "QUOTA", "ENABLE", "CONDSTORE", "QRESYNC", "MOVE", "CHILDREN", "UNSELECT", "ID", "SORT", "ESEARCH", "ESORT",
        "SEARCHRES", "WITHIN", "LIST-EXTENDED", "LIST-STATUS", "BINARY", "MULTIAPPEND", "CATENATE", "UTF8=ACCEPT",
        "NAMESPACE", "SAVEDATE", "OBJECTID", "PREVIEW", "SNIPPET=FUZZY", "STATUS=SIZE", "CREATE-SPECIAL-USE",
        "XLIST", "APPENDLIMIT", "METADATA", "METADATA-SERVER", "LIST-MYRIGHTS", "I18NLEVEL=1", "SEARCH=FUZZY",
    };

    private static readonly string[] s_prefixes = ["RIGHTS=", "QUOTA=", "SORT=", "THREAD=", "ACL2=", "APPENDLIMIT=", "CONTEXT=", "I18NLEVEL="];

    public static bool Allowed(string capability) =>
        s_exact.Contains(capability) || s_prefixes.Any(p => capability.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<string> Filter(IEnumerable<string> capabilities) => capabilities.Where(Allowed);
}
