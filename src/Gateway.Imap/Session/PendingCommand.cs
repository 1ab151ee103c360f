namespace Gateway.Imap.Session;

/// <summary>A client command in flight: sent upstream, or answered locally once everything before it completed.</summary>
internal sealed class PendingCommand(string tag, string name, string? localReply)
{
    public string Tag { get; } = tag;

    /// <summary>The command name in upper case, e.g. <c>FETCH</c>; <c>UID FETCH</c> counts as <c>FETCH</c>.</summary>
    public string Name { get; } = name;

    /// <summary>For a command the gateway answers itself: the reply lines (CRLF-separated, without the last CRLF).</summary>
    public string? LocalReply { get; } = localReply;

    /// <summary>For a LIST/LSUB the hierarchy answers from several server queries: their progress.</summary>
    public ListExpansion? Expansion { get; init; }

    /// <summary>For SELECT/EXAMINE: the server-side mailbox name, when the cache can key on it.</summary>
    public string? SelectMailbox { get; set; }

    /// <summary>For SELECT/EXAMINE: the <c>UIDVALIDITY</c> the server announced.</summary>
    public long? UidValidity { get; set; }

    /// <summary>Set while the client waits for a continuation before sending a synchronising literal.</summary>
    public TaskCompletionSource<bool>? LiteralGate { get; set; }
}

/// <summary>The server queries behind one client LIST/LSUB, and the replies gathered so far.</summary>
internal sealed class ListExpansion(Hierarchy.ListCollector collector, string command)
{
    public Hierarchy.ListCollector Collector { get; } = collector;

    /// <summary><c>LIST</c> or <c>LSUB</c>.</summary>
    public string Command { get; } = command;

    /// <summary>Internal tags of the queries still running.</summary>
    public HashSet<string> Outstanding { get; } = new(StringComparer.Ordinal);

    /// <summary>The first failed query's completion text, e.g. <c>NO Mailbox doesn't exist</c>.</summary>
    public string? Failure { get; set; }

    public int Succeeded { get; set; }
}
