namespace Gateway.Imap.Wire;

/// <summary>One token of a materialised line; literal contents are in <see cref="Value"/> once read.</summary>
internal readonly record struct ImapToken(ImapTokenKind Kind, string Value)
{
    public bool IsString => Kind is ImapTokenKind.Atom or ImapTokenKind.QuotedString or ImapTokenKind.Literal;

    public bool IsAtom(string atom) => Kind == ImapTokenKind.Atom && Value.Equals(atom, StringComparison.OrdinalIgnoreCase);
}
