using Gateway.Imap.Acl;

namespace Gateway.Imap.Tests.Acl;

/// <summary>
/// The four server dialects under test, and a model of how each server stores SETACL rights and writes them back,
/// taken from the captures in upstream-servers.md and the source notes in protocols.md §2 (not from the code under test).
/// </summary>
internal static class AclTestServers
{
    public static readonly IReadOnlyDictionary<string, AclServerDialect> Dialects = new Dictionary<string, AclServerDialect>
    {
        ["Dovecot"] = AclServerDialect.Dovecot,
        ["Cyrus"] = AclServerDialect.Cyrus,
        ["Courier"] = AclServerDialect.Courier,
        ["Rfc2086"] = AclServerDialect.Rfc2086(),
    };

    public static IEnumerable<string> Names => Dialects.Keys;

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>What GETACL shows after <c>SETACL mbox id &lt;letters&gt;</c> on the real server.</summary>
    public static string ReadBack(string server, string letters)
    {
        var set = new HashSet<char>(letters);
        switch (server)
        {
            case "Dovecot":
            case "Cyrus":
                // Input: c → k+x, d → t+e (imap_acl_letters_parse; Cyrus deleteright=c).
                // Output: c if k or x, d if t or e (imap_acl_write_rights_list; Cyrus lib/acl.c).
                if (set.Remove('c'))
                {
                    set.UnionWith("kx");
                }

                if (set.Remove('d'))
                {
                    set.UnionWith("te");
                }

                if (set.Overlaps("kx"))
                {
                    set.Add('c');
                }

                if (set.Overlaps("te"))
                {
                    set.Add('d');
                }

                return new string([.. set]);
            case "Courier":
                // Input d → x+t+e (fix_acl_delete); output: e → d when x and t, then e t x removed (writeacl1).
                if (set.Remove('d'))
                {
                    set.UnionWith("xte");
                }

                if (set.Contains('x') && set.Contains('t') && set.Remove('e'))
                {
                    set.Add('d');
                }

                set.ExceptWith("etx");
                return new string([.. set]);
            default:
                return letters;
        }
    }
}
