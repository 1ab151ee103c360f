namespace Gateway.Imap.Session;

/// <summary>A client command in flight: sent upstream, or answered locally once everything before it completed.</summary>
internal sealed class PendingCommand(string tag, string name, string? localReply)
{
    public string Tag { get; } = tag;

    /// <summary>The command name in upper case, e.g. <c>FETCH</c>; <c>UID FETCH</c> counts as <c>FETCH</c>.</summary>
    public string Name { get; } = name;

    /// <summary>For a command the gateway answers itself: the reply lines (CRLF-separated, without the last CRLF).</summary>
    public string? LocalReply { get; } = localReply;

    /// <summary>Set while the client waits for a continuation before sending a synchronising literal.</summary>
    public TaskCompletionSource<bool>? LiteralGate { get; set; }
}
