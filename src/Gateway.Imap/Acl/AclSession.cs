using System.Text;
using Gateway.Imap.Hierarchy;
using Gateway.Imap.Wire;

namespace Gateway.Imap.Acl;

/// <summary>
/// One session's ACL translation (issue 5, README.md): rewrites identifiers and rights in SETACL, DELETEACL and
/// LISTRIGHTS, and in untagged ACL, LISTRIGHTS and MYRIGHTS responses; refuses owner lock-outs.
/// </summary>
/// <remarks>
/// Works entirely on server mailbox names: commands after the hierarchy has mapped their mailbox, responses before
/// the hierarchy maps theirs. <paramref name="ownerOf"/> gives a server mailbox's owner login (<see cref="AclOwner.Resolver"/>).
/// Not thread-safe: one instance per session, called from the session's pumps under the relay's lock.
/// </remarks>
internal sealed class AclSession(AclServerDialect server, AclOptions options, Func<string, string?> ownerOf)
{
    private const int MaxRememberedAcls = 64;

    // The last ACL the server showed per server mailbox (canonical rights); forgotten when this session changes it.
    private readonly Dictionary<string, List<AclEntry>> _acls = new(StringComparer.Ordinal);

    public AclServerDialect Server => server;

    public AclOptions Options => options;

    /// <summary>Whether replies use RFC 4314 letters: configured, or detected under <see cref="AclClientDialect.Auto"/>.</summary>
    public bool ClientUsesRfc4314 { get; private set; } = options.ClientDialect == AclClientDialect.Rfc4314;

    /// <summary>Decides about one command from its segment (CRLF included; the mailbox already in server form).</summary>
    public AclDecision Decide(ReadOnlySpan<byte> segment, string tag)
    {
        using var line = ImapLines.TryParse(segment, command: true, firstSegmentOnly: true);
        if (line is null || line.Count < 3 || !IsString(line, 2))
        {
            return AclDecision.Forward.Instance;
        }

        // setacl = "SETACL" SP mailbox SP identifier SP mod-rights; deleteacl = "DELETEACL" SP mailbox SP identifier;
        // listrights = "LISTRIGHTS" SP mailbox SP identifier   (RFC 4314 §9)
        var setAcl = line.IsAtom(1, "SETACL"u8);
        var deleteAcl = line.IsAtom(1, "DELETEACL"u8);
        var listRights = line.IsAtom(1, "LISTRIGHTS"u8);
        if (!(setAcl || deleteAcl || listRights))
        {
            return AclDecision.Forward.Instance;
        }

        if (line[^1].Kind == ImapTokenKind.Literal && !line[^1].IsMaterialized && line.Count > 3)
        {
            // The segment ends with a literal header: an identifier or rights the gateway would have to forward unread.
            return new AclDecision.Reply($"{tag} NO [CANNOT] Send ACL identifiers and rights as atoms or quoted strings: the gateway cannot translate a literal");
        }

        if (line.Count != (setAcl ? 5 : 4))
        {
            return AclDecision.Forward.Instance;
        }

        for (var i = 3; i < line.Count; i++)
        {
            if (!IsString(line, i))
            {
                return AclDecision.Forward.Instance;
            }
        }

        var mailbox = line.GetString(2);
        var owner = ownerOf(mailbox);
        if (!AclIdentifiers.TryFromClient(line.GetString(3), options, out var identifier, out var error))
        {
            return new AclDecision.Reply($"{tag} BAD {error}");
        }

        if (!AclIdentifiers.TryToServer(identifier, server.Kind, owner, out var serverIdentifier, out error))
        {
            return new AclDecision.Reply($"{tag} NO [CANNOT] {error}");
        }

        var replacements = new List<(int Index, string Value)> { (3, AString(serverIdentifier)) };
        AclRightsChange? change = null;
        if (setAcl)
        {
            if (!AclRightsChange.TryParse(line.GetString(4), out var clientChange, out error))
            {
                return new AclDecision.Reply($"{tag} BAD {error}");
            }

            if (options.ClientDialect == AclClientDialect.Auto && clientChange.Rights.ContainsAny(AclClientRights.Rfc4314Markers))
            {
                ClientUsesRfc4314 = true;
            }

            var rights = AclClientRights.FromClient(clientChange.Rights, server);
            if (clientChange.Mode == AclChangeMode.Replace && !ClientUsesRfc4314 && CurrentRights(mailbox, identifier, owner) is { } current)
            {
                rights = AclClientRights.PreserveHidden(rights, clientChange.Rights, current, server);
            }

            change = new AclRightsChange(clientChange.Mode, rights);
            if (!server.TryToServer(rights, clientChange.Mode, out var serverRights, out error))
            {
                return new AclDecision.Reply($"{tag} BAD {error}");
            }

            replacements.Add((4, Rights(AclRightsChange.Format(clientChange.Mode, serverRights))));
        }

        if (!listRights)
        {
            if (!options.AllowOwnerLockout
                && AclOwnerGuard.Check(owner, Remembered(mailbox), identifier, change, owner is null ? null : AclIdentifiers.ToClient(AclIdentifier.Owner, owner, options)) is { } refusal)
            {
                return new AclDecision.Reply($"{tag} NO {refusal}");
            }

            _acls.Remove(mailbox);
        }

        return new AclDecision.Rewrite(Splice(segment, line, replacements));
    }

    /// <summary>
    /// Rewrites an untagged ACL, LISTRIGHTS or MYRIGHTS response, or Courier's <c>* OK [MYRIGHTS "..."]</c>, for
    /// the client (no CRLF); null keeps the line. The mailbox token is left as the server wrote it.
    /// </summary>
    public string? RewriteUntagged(ReadOnlySpan<byte> lineWithCrlf)
    {
        using var line = ImapLines.TryParse(lineWithCrlf, command: false);
        if (line is null || line.Kind != ImapLineKind.Untagged || line.Count < 3)
        {
            return null;
        }

        if (line.IsAtom(1, "OK"u8))
        {
            return RewriteMyRightsCode(line);
        }

        for (var i = 2; i < line.Count; i++)
        {
            if (!IsString(line, i) || (line[i].Kind == ImapTokenKind.Literal && !line[i].IsMaterialized))
            {
                return null;
            }
        }

        var mailbox = line.GetString(2);
        var prefix = $"* {Encoding.ASCII.GetString(line.Raw(line[1])).ToUpperInvariant()} {MailboxToken(line, 2)}";

        // acl-data = "ACL" SP mailbox *(SP identifier SP rights)   (RFC 4314 §9)
        if (line.IsAtom(1, "ACL"u8) && line.Count % 2 == 1)
        {
            return prefix + RewriteAcl(line, mailbox);
        }

        // myrights-data = "MYRIGHTS" SP mailbox SP rights
        if (line.IsAtom(1, "MYRIGHTS"u8) && line.Count == 4)
        {
            return $"{prefix} {Rights(ClientRights(line.GetString(3)))}";
        }

        // listrights-data = "LISTRIGHTS" SP mailbox SP identifier SP rights *(SP rights)
        if (line.IsAtom(1, "LISTRIGHTS"u8) && line.Count >= 5)
        {
            var owner = ownerOf(mailbox);
            var identifier = AclIdentifiers.ToClient(AclIdentifiers.FromServer(line.GetString(3), server.Kind), owner, options);
            var groups = new List<string>();
            for (var i = 5; i < line.Count; i++)
            {
                groups.Add(line.GetString(i));
            }

            var (required, optional) = ListRights(line.GetString(4), groups);
            var text = new StringBuilder(prefix).Append(' ').Append(AString(identifier)).Append(' ').Append(Rights(required));
            foreach (var group in optional)
            {
                text.Append(' ').Append(group);
            }

            return text.ToString();
        }

        return null;
    }

    /// <summary>
    /// Rewrites a tagged completion the client would misread (no CRLF); null keeps it. Dovecot refuses
    /// <c>anyone</c>/<c>authenticated</c> with BAD unless configured: that becomes a NO that says so.
    /// </summary>
    public string? RewriteTagged(ReadOnlySpan<byte> lineWithCrlf)
    {
        // Note: Dovecot 2.3.19 without acl_anyone=allow answers
        // "BAD Error in IMAP command SETACL: 'anyone' identifier is disallowed" (upstream-servers.md).
        if (server.Kind is not (ServerKind.Dovecot or ServerKind.Unknown))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(lineWithCrlf).TrimEnd('\r', '\n');
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !text.Contains("identifier is disallowed", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return $"{text[..space]} NO [NOPERM] This server does not allow rights for 'anyone' or 'authenticated' "
            + "(Dovecot allows them only with plugin { acl_anyone = allow }); grant them to users instead";
    }

    /// <summary>Forgets what this session remembers about ACLs (after the server view changes).</summary>
    public void Forget() => _acls.Clear();

    /// <summary>The last ACL seen for <paramref name="serverMailbox"/>, or null.</summary>
    public IReadOnlyList<AclEntry>? Remembered(string serverMailbox) => _acls.GetValueOrDefault(serverMailbox);

    private string RewriteAcl(ImapLine line, string mailbox)
    {
        var owner = ownerOf(mailbox);
        var entries = new List<AclEntry>();
        var merged = new List<(string Identifier, AclRights Rights)>();
        for (var i = 3; i + 1 < line.Count; i += 2)
        {
            var identifier = AclIdentifiers.FromServer(line.GetString(i), server.Kind);
            var rights = server.FromServer(line.GetString(i + 1));
            entries.Add(new AclEntry(identifier, rights));

            // Courier shows "owner" and may also have the owner's login: one client identifier, rights united (ACL2=UNION).
            var client = AclIdentifiers.ToClient(identifier, owner, options);
            var at = merged.FindIndex(m => m.Identifier == client);
            if (at >= 0)
            {
                merged[at] = (client, merged[at].Rights.Union(rights));
            }
            else
            {
                merged.Add((client, rights));
            }
        }

        Remember(mailbox, entries);
        var text = new StringBuilder();
        foreach (var (identifier, rights) in merged)
        {
            text.Append(' ').Append(AString(identifier)).Append(' ').Append(Rights(ToClient(rights)));
        }

        return text.ToString();
    }

    /// <summary>
    /// LISTRIGHTS for the client: required rights, then tied groups (RFC 4314 §3.7). Each group is translated by
    /// meaning; letters already shown are dropped, so no right appears twice and groups that collapse onto one client
    /// letter appear once (Dovecot's separate t and e are one <c>d</c> for a 2086 client, and its lone <c>c</c> group
    /// adds nothing once k and x are listed). An RFC 4314 client gets the <c>c</c>/<c>d</c> macros as groups of their
    /// own when a member is grantable (§2.1.1). Groups are ordered as RFC 2086 lists rights (<c>l r s w i p c d a</c>).
    /// </summary>
    private (string Required, List<string> Optional) ListRights(string required, List<string> groups)
    {
        var requiredClient = ToClient(server.FromServer(required));
        var shown = requiredClient;
        var result = new List<AclRights>();
        foreach (var group in groups)
        {
            var canonical = server.FromServer(group);
            var client = (ClientUsesRfc4314 ? canonical : ToClient(canonical)).Except(shown);
            if (!client.IsEmpty)
            {
                result.Add(client);
                shown = shown.Union(client);
            }
        }

        if (ClientUsesRfc4314)
        {
            foreach (var (letter, members) in new[] { ('c', server.CreateMacro), ('d', server.DeleteMacro) })
            {
                if (!shown.Contains(letter) && shown.ContainsAny(members))
                {
                    result.Add(AclRights.None.With(letter));
                }
            }
        }

        result.Sort((a, b) => AclRights.Rank(a.Letters().First()).CompareTo(AclRights.Rank(b.Letters().First())));
        return (requiredClient.ToString(), result.ConvertAll(r => r.ToString()));
    }

    private string? RewriteMyRightsCode(ImapLine line)
    {
        // Note: Courier-IMAP 5 sends "* OK [MYRIGHTS "acdilrsw"] ACL" during SELECT (imap/testsuite.txt).
        if (line.Count < 6 || line[2].Kind != ImapTokenKind.BracketOpen || !line.IsAtom(3, "MYRIGHTS"u8) || !IsString(line, 4)
            || line[4].Kind == ImapTokenKind.Literal || line[5].Kind != ImapTokenKind.BracketClose)
        {
            return null;
        }

        var bytes = line.Bytes;
        var start = line[4].Start;
        var end = line[4].Start + line[4].Length;
        var tail = bytes[end..];
        var trimmed = tail.Length;
        while (trimmed > 0 && tail[trimmed - 1] is (byte)'\r' or (byte)'\n')
        {
            trimmed--;
        }

        return Encoding.UTF8.GetString(bytes[..start]) + ImapQuoting.Quoted(ClientRights(line.GetString(4))) + Encoding.UTF8.GetString(tail[..trimmed]);
    }

    private string ClientRights(string serverRights) => ToClient(server.FromServer(serverRights)).ToString();

    private AclRights ToClient(AclRights canonical) => AclClientRights.ToClient(canonical, server, ClientUsesRfc4314);

    private AclRights? CurrentRights(string mailbox, AclIdentifier identifier, string? owner)
    {
        if (Remembered(mailbox) is not { } acl)
        {
            return null;
        }

        var same = acl.Where(e => e.Identifier == identifier
            || (owner is not null && identifier.Negative == e.Identifier.Negative && identifier.Designates(owner) && e.Identifier.Designates(owner)));
        return same.Aggregate(AclRights.None, (rights, e) => rights.Union(e.Rights));
    }

    private void Remember(string mailbox, List<AclEntry> entries)
    {
        if (_acls.Count >= MaxRememberedAcls && !_acls.ContainsKey(mailbox))
        {
            _acls.Clear();
        }

        _acls[mailbox] = entries;
    }

    private static bool IsString(ImapLine line, int index) =>
        line[index].Kind is ImapTokenKind.Atom or ImapTokenKind.QuotedString or ImapTokenKind.Literal;

    private static string MailboxToken(ImapLine line, int index) =>
        line[index].Kind == ImapTokenKind.Literal ? ImapQuoting.Quoted(line.GetString(index)) : Encoding.UTF8.GetString(line.Raw(line[index]));

    /// <summary>An identifier as an atom when it can be one, else a quoted string.</summary>
    private static string AString(string value) =>
        ImapSyntax.IsAStringAtom(Encoding.UTF8.GetBytes(value)) ? value : ImapQuoting.Quoted(value);

    /// <summary>Rights as an atom, or <c>""</c> when empty.</summary>
    private static string Rights(string value) => value.Length == 0 ? "\"\"" : value;

    private static string Rights(AclRights rights) => Rights(rights.ToString());

    private static byte[] Splice(ReadOnlySpan<byte> segment, ImapLine line, List<(int Index, string Value)> replacements)
    {
        var output = new List<byte>(segment.Length + 32);
        var position = 0;
        foreach (var (index, value) in replacements)
        {
            var token = line[index];
            var end = token.Kind == ImapTokenKind.Literal ? token.ValueStart + token.ValueLength : token.Start + token.Length;
            output.AddRange(segment[position..token.Start]);
            output.AddRange(Encoding.UTF8.GetBytes(value));
            position = end;
        }

        output.AddRange(segment[position..]);
        return [.. output];
    }
}
