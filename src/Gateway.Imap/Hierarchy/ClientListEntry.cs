namespace Gateway.Imap.Hierarchy;

/// <summary>One <c>* LIST</c>/<c>* LSUB</c> line for the client: <c>* LIST (attributes) "/" WireName</c>.</summary>
/// <param name="Name">The decoded client name (or, when <paramref name="Undecodable"/>, the server's raw text mapped).</param>
/// <param name="Attributes">The corrected attributes.</param>
/// <param name="Undecodable">The server name was not valid modified UTF-7, so the name is sent as it is.</param>
internal sealed record ClientListEntry(string Name, IReadOnlyList<string> Attributes, bool Undecodable = false)
{
    /// <summary>The name for the wire, in modified UTF-7 (write it with <c>ImapWriter.WriteAString</c>).</summary>
    public string WireName => Undecodable ? Name : ModifiedUtf7.Encode(Name);
}
