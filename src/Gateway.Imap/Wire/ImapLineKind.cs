namespace Gateway.Imap.Wire;

/// <summary>What a logical line is, as far as its first tokens tell.</summary>
internal enum ImapLineKind
{
    /// <summary>Nothing read yet.</summary>
    None,

    /// <summary><c>tag SP command ...</c>.</summary>
    Command,

    /// <summary><c>tag SP resp-cond-state</c> (or another word after a tag).</summary>
    Tagged,

    /// <summary><c>* ...</c>.</summary>
    Untagged,

    /// <summary><c>+ ...</c>.</summary>
    Continuation,

    /// <summary>A raw line (AUTHENTICATE data, <c>DONE</c>), read with <see cref="ImapReader.TryReadRawLine"/>.</summary>
    Raw,
}
