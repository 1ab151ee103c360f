namespace Gateway.Imap.Wire;

/// <summary>Why a segment is not valid IMAP or exceeds an <see cref="ImapLimits"/> bound.</summary>
internal enum ImapSyntaxErrorReason
{
    None,
    LineTooLong,
    LiteralTooLarge,
    NestingTooDeep,
    TooManyTokens,
    EmptyLine,
    BareLineFeed,
    NulByte,
    ControlCharacter,
    InvalidTag,
    MissingCommand,
    UnterminatedQuotedString,
    InvalidEscape,
    InvalidLiteral,
    LiteralNotAtEnd,
    UnbalancedParenthesis,
    UnbalancedBracket,
    UnexpectedCharacter,
}
