namespace Gateway.Imap.Wire;

/// <summary>Bounds on what one peer may send; exceeding one is a protocol error, never an exception.</summary>
internal sealed record ImapLimits
{
    public static ImapLimits Default { get; } = new();

    /// <summary>Longest line segment (up to CRLF, literal contents excluded).</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;

    /// <summary>Largest literal; APPEND of a big attachment needs room.</summary>
    public long MaxLiteralSize { get; init; } = 256L * 1024 * 1024;

    /// <summary>Literals up to this size are read into memory when a command must be understood whole.</summary>
    public int MaxMaterializedLiteral { get; init; } = 4096;

    /// <summary>Deepest nesting of parenthesised lists in one line.</summary>
    public int MaxNestingDepth { get; init; } = 32;

    /// <summary>Most tokens in one logical line (all its segments).</summary>
    public int MaxTokensPerLine { get; init; } = 10_000;
}
