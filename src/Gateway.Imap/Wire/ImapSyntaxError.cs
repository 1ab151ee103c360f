namespace Gateway.Imap.Wire;

/// <summary>A syntax or limit error in one segment.</summary>
/// <param name="Reason">What is wrong.</param>
/// <param name="Offset">Byte offset of the problem from the start of the segment.</param>
/// <param name="CanResynchronize">
/// True when the session may skip the segment (the reader's <c>consumed</c> is past its line end) and answer
/// <c>BAD</c>; false when it must send <c>* BYE</c> and close, because a non-synchronising literal was announced
/// or the line end was not found within <see cref="ImapLimits.MaxLineLength"/>.
/// </param>
internal readonly record struct ImapSyntaxError(ImapSyntaxErrorReason Reason, int Offset, bool CanResynchronize)
{
    /// <summary>Human-readable text for <c>BAD</c> or <c>BYE</c>.</summary>
    public string Message => Reason switch
    {
        ImapSyntaxErrorReason.None => "No error",
        ImapSyntaxErrorReason.LineTooLong => "Line too long",
        ImapSyntaxErrorReason.LiteralTooLarge => "Literal too large",
        ImapSyntaxErrorReason.NestingTooDeep => "Lists nested too deeply",
        ImapSyntaxErrorReason.TooManyTokens => "Too many tokens in line",
        ImapSyntaxErrorReason.EmptyLine => "Empty line",
        ImapSyntaxErrorReason.BareLineFeed => "Line ends with LF without CR",
        ImapSyntaxErrorReason.NulByte => "NUL byte in line",
        ImapSyntaxErrorReason.ControlCharacter => "Control character in line",
        ImapSyntaxErrorReason.InvalidTag => "Invalid tag",
        ImapSyntaxErrorReason.MissingCommand => "Missing command",
        ImapSyntaxErrorReason.UnterminatedQuotedString => "Unterminated quoted string",
        ImapSyntaxErrorReason.InvalidEscape => "Invalid escape in quoted string",
        ImapSyntaxErrorReason.InvalidLiteral => "Invalid literal header",
        ImapSyntaxErrorReason.LiteralNotAtEnd => "Literal header must end the line",
        ImapSyntaxErrorReason.UnbalancedParenthesis => "Unbalanced parenthesis",
        ImapSyntaxErrorReason.UnbalancedBracket => "Unbalanced bracket",
        ImapSyntaxErrorReason.UnexpectedCharacter => "Unexpected character",
        _ => "Syntax error",
    };
}
