namespace Gateway.Imap.Wire;

/// <summary>
/// What <see cref="ImapReader"/> remembers between the segments of one logical line: the grammar, list
/// nesting, whether a section or response code is open, and the literal announced at the end of the last segment.
/// </summary>
internal struct ImapReaderState
{
    private ImapReaderState(ImapReaderMode mode)
    {
        Mode = mode;
        Reset();
    }

    /// <summary>Which grammar the reader applies.</summary>
    public ImapReaderMode Mode { get; }

    /// <summary>True between the segments of one logical line (a literal was announced).</summary>
    public bool InLine { get; internal set; }

    /// <summary>The literal announced by the last segment, until it is read or skipped.</summary>
    public LiteralHeader? PendingLiteral { get; internal set; }

    /// <summary>Index in the line of the literal token <see cref="PendingLiteral"/> belongs to.</summary>
    internal int PendingLiteralIndex { get; set; }

    /// <summary>Open parentheses.</summary>
    internal int Depth { get; set; }

    /// <summary>List depth at which the open section <c>[</c> was seen, or -1.</summary>
    internal int SectionDepth { get; set; }

    /// <summary>List depth at which the open response code <c>[</c> was seen, or -1.</summary>
    internal int CodeDepth { get; set; }

    /// <summary>State for reading client commands.</summary>
    public static ImapReaderState ForCommands() => new(ImapReaderMode.Command);

    /// <summary>State for reading server responses.</summary>
    public static ImapReaderState ForResponses() => new(ImapReaderMode.Response);

    /// <summary>Forgets a half-read line; the next segment starts a new one.</summary>
    public void Reset()
    {
        InLine = false;
        PendingLiteral = null;
        PendingLiteralIndex = -1;
        Depth = 0;
        SectionDepth = -1;
        CodeDepth = -1;
    }
}
