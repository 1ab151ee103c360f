namespace Gateway.Imap.Wire;

/// <summary>The kinds of token in a command or response line.</summary>
internal enum ImapTokenKind
{
    /// <summary>An atom: tag, <c>*</c>, <c>+</c>, command or response name, flag, number, sequence set, partial.</summary>
    Atom,

    /// <summary>A quoted string; its value is unescaped on request.</summary>
    QuotedString,

    /// <summary>A literal header <c>{n}</c>, <c>{n+}</c> or <c>~{n}</c>, with its contents once materialised.</summary>
    Literal,

    /// <summary><c>(</c>.</summary>
    ListOpen,

    /// <summary><c>)</c>.</summary>
    ListClose,

    /// <summary><c>NIL</c> in any case.</summary>
    Nil,

    /// <summary><c>[</c> opening a section (<c>BODY[</c>) or a response code.</summary>
    BracketOpen,

    /// <summary><c>]</c> closing a section or a response code.</summary>
    BracketClose,

    /// <summary>Free text: the tail of a status response or continuation request, or a raw line.</summary>
    Text,
}
