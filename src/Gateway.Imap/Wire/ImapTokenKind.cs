namespace Gateway.Imap.Wire;

/// <summary>The kinds of token in a command or response line.</summary>
internal enum ImapTokenKind
{
    Atom,
    QuotedString,
    Literal,
    ListOpen,
    ListClose,
}
