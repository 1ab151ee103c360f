using System.Text;
using Gateway.Imap.Hierarchy;
using Gateway.Imap.Wire;

namespace Gateway.Imap.Session;

/// <summary>What the relay does with one client command after the folder hierarchy looked at it.</summary>
internal abstract record HierarchyDecision
{
    private HierarchyDecision()
    {
    }

    /// <summary>Send the command as the client wrote it.</summary>
    public sealed record Forward : HierarchyDecision
    {
        public static Forward Instance { get; } = new();
    }

    /// <summary>Send <paramref name="Bytes"/> (the first segment, CRLF included) instead.</summary>
    public sealed record Rewrite(byte[] Bytes) : HierarchyDecision;

    /// <summary>Answer locally with <paramref name="Lines"/> (CRLF-separated, the tagged line last, no final CRLF).</summary>
    public sealed record Reply(string Lines) : HierarchyDecision;

    /// <summary>Answer a LIST/LSUB from the server queries of <paramref name="Plan"/>.</summary>
    public sealed record Expand(ListPlan Plan) : HierarchyDecision;
}

/// <summary>
/// One session's folder hierarchy: translates mailbox arguments client → server, answers NAMESPACE and plans
/// LIST/LSUB, and maps mailbox names in untagged responses server → client (issue 4, Hierarchy/README.md).
/// </summary>
internal sealed class HierarchySession(HierarchyMap map)
{
    private readonly HashSet<string> _selectable = new(StringComparer.Ordinal);

    // Commands that name a mailbox or list them (name as the relay reports it: UID COPY counts as COPY).
    private static readonly HashSet<string> s_concerned = new(StringComparer.Ordinal)
    {
        "SELECT", "EXAMINE", "CREATE", "DELETE", "RENAME", "SUBSCRIBE", "UNSUBSCRIBE", "STATUS", "APPEND", "COPY", "MOVE",
        "LIST", "LSUB", "NAMESPACE", "GETACL", "SETACL", "DELETEACL", "LISTRIGHTS", "MYRIGHTS", "GETQUOTAROOT",
    };

    public HierarchyMap Map => map;

    /// <summary>Whether a command named <paramref name="name"/> may need the hierarchy or ACL layer (FETCH, STORE, NOOP... never do).</summary>
    public static bool Concerns(string name) => s_concerned.Contains(name);

    /// <summary>Decides about one command from its first segment (<paramref name="segment"/>, CRLF included).</summary>
    public HierarchyDecision Decide(ReadOnlySpan<byte> segment, string tag)
    {
        using var line = ImapLines.TryParse(segment, command: true, firstSegmentOnly: true);
        if (line is null || line.Count < 2)
        {
            return HierarchyDecision.Forward.Instance;
        }

        var first = 1;
        if (line.IsAtom(1, "UID"u8))
        {
            first = 2;
        }

        if (line.Count <= first || line[first].Kind != ImapTokenKind.Atom)
        {
            return HierarchyDecision.Forward.Instance;
        }

        var name = Encoding.ASCII.GetString(line.Raw(line[first])).ToUpperInvariant();
        int[] mailboxes = name switch
        {
            "SELECT" or "EXAMINE" or "CREATE" or "DELETE" or "SUBSCRIBE" or "UNSUBSCRIBE" or "STATUS" or "APPEND"
                or "GETACL" or "SETACL" or "DELETEACL" or "LISTRIGHTS" or "MYRIGHTS" or "GETQUOTAROOT" => [first + 1],
            "RENAME" => [first + 1, first + 2],
            "COPY" or "MOVE" => [first + 2],
            _ => [],
        };

        return name switch
        {
            "NAMESPACE" => new HierarchyDecision.Reply($"{map.ClientNamespaceResponse()}\r\n{tag} OK NAMESPACE completed"),
            "LIST" or "LSUB" => PlanList(line, first, tag, name == "LSUB"),
            _ when mailboxes.Length > 0 => RewriteMailboxes(line, segment, tag, name, mailboxes),
            _ => HierarchyDecision.Forward.Instance,
        };
    }

    /// <summary>Remembers which client folders LIST showed as selectable (LSUB must not call them <c>\Noselect</c>).</summary>
    public void Observe(IReadOnlyList<ClientListEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (!entry.Attributes.Contains("\\Noselect", StringComparer.OrdinalIgnoreCase) && !entry.Attributes.Contains("\\NonExistent", StringComparer.OrdinalIgnoreCase))
            {
                _selectable.Add(entry.Name);
            }
        }
    }

    public bool IsSelectable(string clientName) => _selectable.Contains(clientName);

    /// <summary>
    /// Maps the mailbox name in an untagged STATUS, MYRIGHTS, ACL, LISTRIGHTS, QUOTAROOT, LIST or LSUB response;
    /// null keeps the line, an empty string drops it (a folder the client does not see).
    /// </summary>
    public string? RewriteUntagged(ReadOnlySpan<byte> lineWithCrlf)
    {
        using var line = ImapLines.TryParse(lineWithCrlf, command: false);
        if (line is null || line.Count < 3 || line.Kind != ImapLineKind.Untagged)
        {
            return null;
        }

        var index = 2;
        if (line.IsAtom(1, "LIST"u8) || line.IsAtom(1, "LSUB"u8))
        {
            if (!TryParseList(line, out var wireName, out var attributes))
            {
                return null;
            }

            if (!map.TryToClientWire(wireName, out var clientWire, out _))
            {
                return "";
            }

            return $"* {Encoding.ASCII.GetString(line.Raw(line[1]))} ({string.Join(' ', attributes)}) \"{HierarchyMap.ClientDelimiter}\" {ImapQuoting.Quoted(clientWire)}";
        }

        if (!(line.IsAtom(1, "STATUS"u8) || line.IsAtom(1, "MYRIGHTS"u8) || line.IsAtom(1, "ACL"u8) || line.IsAtom(1, "LISTRIGHTS"u8) || line.IsAtom(1, "QUOTAROOT"u8)))
        {
            return null;
        }

        if (!IsString(line[index].Kind))
        {
            return null;
        }

        if (!map.TryToClientWire(line.GetString(index), out var client, out _))
        {
            return "";
        }

        return Splice(line, index, client);
    }

    /// <summary>Parses <c>* LIST (attributes) delimiter name</c>.</summary>
    public static bool TryParseList(ImapLine line, out string wireName, out List<string> attributes)
    {
        wireName = "";
        attributes = [];
        if (line.Count < 3 || line[2].Kind != ImapTokenKind.ListOpen)
        {
            return false;
        }

        var i = 3;
        for (; i < line.Count && line[i].Kind != ImapTokenKind.ListClose; i++)
        {
            attributes.Add(Encoding.UTF8.GetString(line.Raw(line[i])));
        }

        // ")" delimiter name [extended data]
        if (i + 2 >= line.Count || !IsString(line[i + 2].Kind))
        {
            return false;
        }

        wireName = line.GetString(i + 2);
        return true;
    }

    private static bool IsString(ImapTokenKind kind) => kind is ImapTokenKind.Atom or ImapTokenKind.QuotedString or ImapTokenKind.Literal;

    private HierarchyDecision PlanList(ImapLine line, int first, string tag, bool lsub)
    {
        var command = lsub ? "LSUB" : "LIST";
        if (line.Count != first + 3 || !IsString(line[first + 1].Kind) || !IsString(line[first + 2].Kind) || line[first + 2].Kind == ImapTokenKind.Literal)
        {
            return new HierarchyDecision.Reply($"{tag} BAD {command} takes a reference and a mailbox pattern as strings (LIST-EXTENDED is not offered)");
        }

        var reference = ModifiedUtf7.DecodeLenient(line.GetString(first + 1));
        var pattern = ModifiedUtf7.DecodeLenient(line.GetString(first + 2));
        var plan = map.PlanList(reference, pattern, lsub);
        if (plan.IsDelimiterQuery)
        {
            return new HierarchyDecision.Reply($"* {command} (\\Noselect) \"{HierarchyMap.ClientDelimiter}\" \"\"\r\n{tag} OK {command} completed");
        }

        return plan.Queries.Count == 0
            ? new HierarchyDecision.Reply($"{tag} OK {command} completed")
            : new HierarchyDecision.Expand(plan);
    }

    private HierarchyDecision RewriteMailboxes(ImapLine line, ReadOnlySpan<byte> segment, string tag, string name, int[] indexes)
    {
        var replacements = new List<(int Index, string Value)>();
        foreach (var index in indexes)
        {
            if (index >= line.Count)
            {
                return HierarchyDecision.Forward.Instance;
            }

            var token = line[index];
            if (token.Kind == ImapTokenKind.Literal && !token.IsMaterialized)
            {
                return new HierarchyDecision.Reply($"{tag} NO [CANNOT] Send mailbox names as quoted strings: the gateway cannot translate a name sent as a literal");
            }

            if (!IsString(token.Kind))
            {
                return HierarchyDecision.Forward.Instance;
            }

            var clientWire = line.GetString(index);
            if (name == "CREATE" && clientWire.Length > 1 && clientWire.EndsWith(HierarchyMap.ClientDelimiter))
            {
                // "CREATE foo/" means "foo, and it will have children" (RFC 3501 §6.3.3).
                clientWire = clientWire[..^1];
            }

            if (!map.TryToServerWire(clientWire, out var serverWire, out var reason))
            {
                return new HierarchyDecision.Reply($"{tag} NO [CANNOT] {reason}");
            }

            if (name == "CREATE" && IsAlias(clientWire, serverWire))
            {
                return new HierarchyDecision.Reply($"{tag} OK [ALREADYEXISTS] {ModifiedUtf7.DecodeLenient(clientWire)} is the server's existing special folder");
            }

            replacements.Add((index, serverWire));
        }

        var output = new List<byte>(segment.Length + 32);
        var position = 0;
        foreach (var (index, value) in replacements)
        {
            var token = line[index];
            output.AddRange(segment[position..token.Start]);
            output.AddRange(Encoding.UTF8.GetBytes(ImapQuoting.Quoted(value)));
            position = token.Start + token.Length;
        }

        output.AddRange(segment[position..]);
        return new HierarchyDecision.Rewrite([.. output]);
    }

    private bool IsAlias(string clientWire, string serverWire) =>
        map.TryToClientWire(serverWire, out var back, out _)
        && !string.Equals(HierarchyMap.Canonical(ModifiedUtf7.DecodeLenient(back)), HierarchyMap.Canonical(ModifiedUtf7.DecodeLenient(clientWire)), StringComparison.Ordinal);

    private static string Splice(ImapLine line, int index, string value)
    {
        var bytes = line.Bytes;
        var token = line[index];
        var end = bytes.Length;
        while (end > 0 && bytes[end - 1] is (byte)'\r' or (byte)'\n')
        {
            end--;
        }

        return Encoding.UTF8.GetString(bytes[..token.Start]) + ImapQuoting.Quoted(value) + Encoding.UTF8.GetString(bytes[(token.Start + token.Length)..end]);
    }
}
