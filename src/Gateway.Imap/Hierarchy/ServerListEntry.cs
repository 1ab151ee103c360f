namespace Gateway.Imap.Hierarchy;

/// <summary>One <c>* LIST</c> or <c>* LSUB</c> line from the server, name decoded (leniently).</summary>
/// <param name="Name">The decoded server name.</param>
/// <param name="Attributes">The name attributes as sent, e.g. <c>\HasChildren</c>, <c>\Sent</c>.</param>
internal sealed record ServerListEntry(string Name, IReadOnlyList<string> Attributes);
