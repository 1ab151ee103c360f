namespace Gateway.Imap.Wire;

/// <summary>
/// One token of an <see cref="ImapLine"/>: its kind and where its raw bytes and value lie in <see cref="ImapLine.Bytes"/>.
/// </summary>
internal readonly struct ImapRawToken
{
    private const byte SpaceBeforeFlag = 1;
    private const byte EscapesFlag = 2;
    private const byte NonSynchronizingFlag = 4;
    private const byte BinaryFlag = 8;
    private const byte MaterializedFlag = 16;

    private readonly byte _flags;
    private readonly long _literalLength;

    private ImapRawToken(ImapTokenKind kind, byte flags, int start, int length, int valueStart, int valueLength, long literalLength)
    {
        Kind = kind;
        _flags = flags;
        Start = start;
        Length = length;
        ValueStart = valueStart;
        ValueLength = valueLength;
        _literalLength = literalLength;
    }

    public ImapTokenKind Kind { get; }

    /// <summary>Offset of the raw bytes (quotes, literal header) in <see cref="ImapLine.Bytes"/>.</summary>
    public int Start { get; }

    /// <summary>Length of the raw bytes; for a literal, of its header only.</summary>
    public int Length { get; }

    /// <summary>Offset of the value: inside the quotes (still escaped) or the literal contents.</summary>
    public int ValueStart { get; }

    /// <summary>Length of the value range starting at <see cref="ValueStart"/>.</summary>
    public int ValueLength { get; }

    /// <summary>An SP came right before this token.</summary>
    public bool SpaceBefore => (_flags & SpaceBeforeFlag) != 0;

    /// <summary>The quoted string holds <c>\"</c> or <c>\\</c>.</summary>
    public bool HasEscapes => (_flags & EscapesFlag) != 0;

    /// <summary>The literal's contents are in the line buffer at <see cref="ValueStart"/>.</summary>
    public bool IsMaterialized => (_flags & MaterializedFlag) != 0;

    /// <summary>The literal header, for <see cref="ImapTokenKind.Literal"/>.</summary>
    public LiteralHeader Literal => new(_literalLength, (_flags & NonSynchronizingFlag) != 0, (_flags & BinaryFlag) != 0);

    internal static ImapRawToken Simple(ImapTokenKind kind, int start, int length, bool spaceBefore) =>
        new(kind, spaceBefore ? SpaceBeforeFlag : (byte)0, start, length, start, length, 0);

    internal static ImapRawToken Quoted(int start, int length, bool spaceBefore, bool hasEscapes) =>
        new(ImapTokenKind.QuotedString, (byte)((spaceBefore ? SpaceBeforeFlag : 0) | (hasEscapes ? EscapesFlag : 0)), start, length, start + 1, length - 2, 0);

    internal static ImapRawToken ForLiteral(int start, int length, bool spaceBefore, LiteralHeader header) =>
        new(
            ImapTokenKind.Literal,
            (byte)((spaceBefore ? SpaceBeforeFlag : 0) | (header.NonSynchronizing ? NonSynchronizingFlag : 0) | (header.Binary ? BinaryFlag : 0)),
            start,
            length,
            start + length,
            0,
            header.Length);

    internal ImapRawToken WithLiteralValue(int valueStart, int valueLength) =>
        new(Kind, (byte)(_flags | MaterializedFlag), Start, Length, valueStart, valueLength, _literalLength);

    public override string ToString() => $"{Kind}@{Start}+{Length}";
}
