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
    // Hidden on purpose, because the folder mapping translates mailbox names only in the RFC 3501/4314/2087
    // forms: LIST-EXTENDED, LIST-STATUS, LIST-MYRIGHTS, XLIST (other LIST syntaxes), CATENATE (IMAP URLs
    // naming mailboxes), METADATA, CREATE-SPECIAL-USE, UTF8=ACCEPT and IMAP4rev2 (raw UTF-8 names, LIST-EXTENDED).
    private static readonly HashSet<string> s_exact = new(StringComparer.OrdinalIgnoreCase)
    {
        "IMAP4rev1", "LITERAL+", "LITERAL-", "IDLE", "UIDPLUS", "SPECIAL-USE", "ACL", "NAMESPACE",
        "QUOTA", "ENABLE", "CONDSTORE", "QRESYNC", "MOVE", "CHILDREN", "UNSELECT", "ID", "SORT", "ESEARCH", "ESORT",
        "SEARCHRES", "WITHIN", "BINARY", "MULTIAPPEND", "SAVEDATE", "OBJECTID", "PREVIEW", "SNIPPET=FUZZY",
        "STATUS=SIZE", "APPENDLIMIT", "I18NLEVEL=1", "SEARCH=FUZZY",
    };

    private static readonly string[] s_prefixes = ["RIGHTS=", "QUOTA=", "SORT=", "THREAD=", "ACL2=", "APPENDLIMIT=", "CONTEXT=", "I18NLEVEL="];

    public static bool Allowed(string capability) =>
        s_exact.Contains(capability) || s_prefixes.Any(p => capability.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<string> Filter(IEnumerable<string> capabilities) => capabilities.Where(Allowed);
}
