namespace Gateway.Imap.Hierarchy;

/// <summary>One command the relay sends upstream for a client LIST/LSUB: <c>&lt;Command&gt; "" &lt;pattern&gt;</c>.</summary>
/// <param name="Lsub">True for LSUB, false for LIST (other users' folders are listed with LIST when auto-subscribed).</param>
/// <param name="Pattern">The decoded server pattern; the reference is always <c>""</c>.</param>
internal sealed record ServerListQuery(bool Lsub, string Pattern)
{
    /// <summary>The command name, <c>LIST</c> or <c>LSUB</c>.</summary>
    public string Command => Lsub ? "LSUB" : "LIST";

    /// <summary>The pattern in modified UTF-7, for the wire (wildcards are printable ASCII and pass unchanged).</summary>
    public string WirePattern => ModifiedUtf7.Encode(Pattern);

    /// <inheritdoc/>
    public override string ToString() => $"{Command} \"\" \"{Pattern}\"";
}
