using System.Text;

namespace Gateway.Imap.Cache;

/// <summary>
/// Splits the <c>msg-att</c> list of one upstream <c>* n FETCH (…)</c> response into its items while the response
/// streams past, segment by segment, so the relay can copy cacheable items into the store without holding them.
/// Pure; literal contents never pass through it.
/// </summary>
/// <remarks>
/// Grammar followed (RFC 9051 §9): <c>msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP …) ")"</c>, each item
/// being a name (with <c>[section]</c> and <c>&lt;origin&gt;</c>) SP a value: an atom or number, a quoted string, a
/// literal, or a parenthesised list of those. Feed <see cref="Scan"/> the text after <c>"* n FETCH ("</c>, then each
/// following segment without its CRLF; when a segment ends in a literal header, the literal belongs to
/// <see cref="CurrentName"/>, and <see cref="LiteralEnded"/> is called once its bytes went by.
/// </remarks>
internal sealed class FetchItemScanner
{
    private State _state = State.BeforeItem;
    private int _bracket;
    private int _depth;
    private bool _quoted;
    private bool _escape;
    private bool _atom;
    private bool _seenItem;
    private bool _literalPending;
    private readonly StringBuilder _name = new();

    private enum State
    {
        BeforeItem,
        Name,
        BeforeValue,
        Value,
        AfterItem,
        Done,
        Invalid,
    }

    /// <summary>The name of the item in progress (upper case, as sent: <c>BODY[]&lt;0&gt;</c>), or null between items.</summary>
    public string? CurrentName { get; private set; }

    /// <summary>The closing parenthesis of the list was seen.</summary>
    public bool IsDone => _state == State.Done;

    /// <summary>The response did not follow the grammar; stop interpreting it (the bytes still go to the client).</summary>
    public bool IsInvalid => _state == State.Invalid;

    /// <summary>Scans one segment's text (no CRLF); adds a piece per item touched, in order.</summary>
    /// <param name="text">The segment text; for the first segment, what follows <c>"* n FETCH ("</c>.</param>
    /// <param name="literalFollows">The segment ends in a literal header (<c>{n}</c>), whose bytes come next.</param>
    /// <param name="pieces">Receives the pieces.</param>
    public void Scan(ReadOnlySpan<byte> text, bool literalFollows, List<FetchItemPiece> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var pieceStart = _state is State.Name or State.BeforeValue or State.Value ? 0 : -1;
        var starts = false;
        var i = 0;
        while (i < text.Length && _state is not (State.Invalid or State.Done))
        {
            var c = text[i];
            switch (_state)
            {
                case State.BeforeItem:
                    if (c == (byte)')' && !_seenItem)
                    {
                        _state = State.Done; // "()": no items
                        break;
                    }

                    if (c is (byte)' ' or (byte)'(' or (byte)')' or (byte)'"' or (byte)'{')
                    {
                        _state = State.Invalid;
                        break;
                    }

                    _state = State.Name;
                    _seenItem = true;
                    pieceStart = i;
                    starts = true;
                    _name.Clear();
                    _bracket = 0;
                    continue;
                case State.Name:
                    if (c == (byte)'[')
                    {
                        _bracket++;
                    }
                    else if (c == (byte)']')
                    {
                        _bracket--;
                    }
                    else if (c == (byte)' ' && _bracket == 0)
                    {
                        CurrentName = _name.ToString().ToUpperInvariant();
                        _state = State.BeforeValue;
                        break;
                    }
                    else if (_bracket == 0 && c is (byte)'(' or (byte)')' or (byte)'"' or (byte)'{')
                    {
                        _state = State.Invalid;
                        break;
                    }

                    _name.Append((char)c);
                    break;
                case State.BeforeValue:
                    _state = State.Value;
                    _depth = 0;
                    _quoted = false;
                    _escape = false;
                    _atom = false;
                    continue;
                case State.Value:
                    if (ScanValue(c, text, ref i, literalFollows))
                    {
                        pieces.Add(new FetchItemPiece(CurrentName!, pieceStart, i + 1 - pieceStart, starts, Ends: true));
                        CurrentName = null;
                        pieceStart = -1;
                        starts = false;
                        _state = State.AfterItem;
                    }

                    break;
                case State.AfterItem:
                    if (c == (byte)' ')
                    {
                        _state = State.BeforeItem;
                    }
                    else if (c == (byte)')')
                    {
                        _state = State.Done;
                    }
                    else
                    {
                        _state = State.Invalid;
                    }

                    break;
            }

            i++;
        }

        var literalTaken = _literalPending;
        _literalPending = false;
        if (_state == State.Done && i < text.Length)
        {
            _state = State.Invalid;
        }
        else if (_state == State.Value ? literalFollows != literalTaken || !literalFollows : _state != State.Done)
        {
            // Only a literal carries a value over the end of a line, and only the closing parenthesis ends the last.
            _state = State.Invalid;
        }

        if (_state == State.Invalid)
        {
            CurrentName = null;
            return;
        }

        if (_state == State.Value)
        {
            pieces.Add(new FetchItemPiece(CurrentName!, pieceStart, text.Length - pieceStart, starts, Ends: false));
        }
    }

    /// <summary>The literal of <see cref="CurrentName"/> went by; true when it completed the item.</summary>
    public bool LiteralEnded()
    {
        if (_state != State.Value)
        {
            _state = State.Invalid;
            return false;
        }

        if (_depth > 0)
        {
            return false;
        }

        CurrentName = null;
        _state = State.AfterItem;
        return true;
    }

    // One character of a value; true when it ends the value (the character belongs to it).
    private bool ScanValue(byte c, ReadOnlySpan<byte> text, ref int i, bool literalFollows)
    {
        if (_quoted)
        {
            if (_escape)
            {
                _escape = false;
            }
            else if (c == (byte)'\\')
            {
                _escape = true;
            }
            else if (c == (byte)'"')
            {
                _quoted = false;
                return _depth == 0;
            }

            return false;
        }

        if (_atom)
        {
            if (c is not ((byte)' ' or (byte)')' or (byte)'('))
            {
                return NextEndsAtom(text, i);
            }

            _atom = false;
        }

        switch (c)
        {
            case (byte)'(':
                _depth++;
                return false;
            case (byte)')':
                if (_depth == 0)
                {
                    _state = State.Invalid;
                    return false;
                }

                _depth--;
                return _depth == 0;
            case (byte)'"':
                _quoted = true;
                return false;
            case (byte)' ':
                if (_depth == 0)
                {
                    _state = State.Invalid;
                }

                return false;
            case (byte)'{' or (byte)'~' when literalFollows && IsLiteralHeader(text[i..]):
                // The rest of the line is the literal header; the literal's bytes come next.
                i = text.Length - 1;
                _literalPending = true;
                return false;
            default:
                _atom = true;
                return NextEndsAtom(text, i);
        }
    }

    // An atom at depth 0 ends the item at its last character (the next is SP or ')' or the end of the line).
    private bool NextEndsAtom(ReadOnlySpan<byte> text, int i)
    {
        if (_depth > 0)
        {
            return false;
        }

        if (i + 1 >= text.Length || text[i + 1] is (byte)' ' or (byte)')')
        {
            _atom = false;
            return true;
        }

        return false;
    }

    private static bool IsLiteralHeader(ReadOnlySpan<byte> rest)
    {
        if (rest.Length > 0 && rest[0] == (byte)'~')
        {
            rest = rest[1..];
        }

        if (rest.Length < 3 || rest[0] != (byte)'{' || rest[^1] != (byte)'}')
        {
            return false;
        }

        var digits = rest[1..^1];
        if (digits.Length > 0 && digits[^1] == (byte)'+')
        {
            digits = digits[..^1];
        }

        return digits.Length > 0 && digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }
}

/// <summary>Bytes <c>[Start, Start+Length)</c> of the scanned text belong to item <paramref name="Name"/>.</summary>
/// <param name="Starts">The piece begins the item (its name is at <paramref name="Start"/>).</param>
/// <param name="Ends">The piece ends the item; otherwise a literal or the next segment continues it.</param>
internal readonly record struct FetchItemPiece(string Name, int Start, int Length, bool Starts, bool Ends);
