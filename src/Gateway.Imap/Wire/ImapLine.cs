using System.Buffers;
using System.Text;

namespace Gateway.Imap.Wire;

/// <summary>
/// A caller-owned, reusable logical line: its raw bytes exactly as received (all segments and materialised
/// literal contents, CRLFs included) and its tokens. Buffers are rented from <see cref="ArrayPool{T}"/>.
/// </summary>
internal sealed class ImapLine : IDisposable
{
    private byte[] _bytes = [];
    private int _length;
    private ImapRawToken[] _tokens = [];
    private int _count;

    public ImapLineKind Kind { get; internal set; }

    /// <summary>True when the last segment read had no literal header, so the line is whole.</summary>
    public bool IsComplete { get; internal set; }

    /// <summary>The raw bytes read so far.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

    public int Count => _count;

    public ReadOnlySpan<ImapRawToken> Tokens => _tokens.AsSpan(0, _count);

    public ImapRawToken this[int index] => Tokens[index];

    /// <summary>The tag of a command or tagged response; empty otherwise.</summary>
    public ReadOnlySpan<byte> Tag => Kind is ImapLineKind.Command or ImapLineKind.Tagged && _count > 0 ? Raw(_tokens[0]) : default;

    /// <summary>The exact wire bytes of <paramref name="token"/> (a literal: its header only).</summary>
    public ReadOnlySpan<byte> Raw(in ImapRawToken token) => _bytes.AsSpan(token.Start, token.Length);

    /// <summary>Whether token <paramref name="index"/> is the atom <paramref name="upperCaseAtom"/>, ignoring ASCII case.</summary>
    public bool IsAtom(int index, ReadOnlySpan<byte> upperCaseAtom)
    {
        if ((uint)index >= (uint)_count)
        {
            return false;
        }

        ref readonly var token = ref _tokens[index];
        return token.Kind is ImapTokenKind.Atom or ImapTokenKind.Nil && Ascii.EqualsIgnoreCase(Raw(token), upperCaseAtom);
    }

    /// <summary>Whether the value of token <paramref name="index"/> equals <paramref name="value"/> byte for byte.</summary>
    public bool ValueEquals(int index, ReadOnlySpan<byte> value)
    {
        ref readonly var token = ref _tokens[index];
        var raw = ValueRange(token);
        if (!token.HasEscapes)
        {
            return raw.SequenceEqual(value);
        }

        var j = 0;
        for (var i = 0; i < raw.Length; i++, j++)
        {
            if (raw[i] == (byte)'\\')
            {
                i++;
            }

            if (j >= value.Length || raw[i] != value[j])
            {
                return false;
            }
        }

        return j == value.Length;
    }

    /// <summary>Length of the unescaped value of token <paramref name="index"/>.</summary>
    public int GetValueLength(int index)
    {
        ref readonly var token = ref _tokens[index];
        var raw = ValueRange(token);
        if (!token.HasEscapes)
        {
            return raw.Length;
        }

        var n = 0;
        for (var i = 0; i < raw.Length; i++, n++)
        {
            if (raw[i] == (byte)'\\')
            {
                i++;
            }
        }

        return n;
    }

    /// <summary>Copies the unescaped value of token <paramref name="index"/>; returns its length.</summary>
    public int CopyValue(int index, Span<byte> destination)
    {
        ref readonly var token = ref _tokens[index];
        var raw = ValueRange(token);
        if (!token.HasEscapes)
        {
            raw.CopyTo(destination);
            return raw.Length;
        }

        var j = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'\\')
            {
                i++;
            }

            destination[j++] = raw[i];
        }

        return j;
    }

    /// <summary>The value of token <paramref name="index"/> decoded as UTF-8 (allocates).</summary>
    public string GetString(int index)
    {
        ref readonly var token = ref _tokens[index];
        if (!token.HasEscapes)
        {
            return Encoding.UTF8.GetString(ValueRange(token));
        }

        var length = GetValueLength(index);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var n = CopyValue(index, rented);
            return Encoding.UTF8.GetString(rented, 0, n);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads token <paramref name="index"/> as <c>number64 = 1*DIGIT</c> (RFC 9051 §9).</summary>
    public bool TryGetNumber(int index, out long value)
    {
        value = 0;
        if ((uint)index >= (uint)_count || _tokens[index].Kind != ImapTokenKind.Atom)
        {
            return false;
        }

        var raw = Raw(_tokens[index]);
        if (raw.IsEmpty || raw.Length > 19)
        {
            return false;
        }

        foreach (var b in raw)
        {
            if (!ImapSyntax.IsDigit(b))
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return value >= 0;
    }

    /// <summary>Forgets bytes and tokens, keeping the buffers.</summary>
    public void Clear()
    {
        _length = 0;
        _count = 0;
        Kind = ImapLineKind.None;
        IsComplete = false;
    }

    /// <summary>Returns the buffers to the pool (an idle session holds none); the line stays usable.</summary>
    public void Release()
    {
        Clear();
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }

        if (_tokens.Length > 0)
        {
            ArrayPool<ImapRawToken>.Shared.Return(_tokens);
            _tokens = [];
        }
    }

    public void Dispose() => Release();

    public override string ToString() => Encoding.UTF8.GetString(Bytes);

    internal int Append(in ReadOnlySequence<byte> bytes)
    {
        var start = _length;
        var length = checked((int)bytes.Length);
        EnsureBytes(length);
        bytes.CopyTo(_bytes.AsSpan(start));
        _length += length;
        return start;
    }

    internal Span<byte> WritableBytes(int start, int length) => _bytes.AsSpan(start, length);

    internal void Add(in ImapRawToken token)
    {
        if (_count == _tokens.Length)
        {
            var larger = ArrayPool<ImapRawToken>.Shared.Rent(Math.Max(64, _tokens.Length * 2));
            _tokens.AsSpan(0, _count).CopyTo(larger);
            if (_tokens.Length > 0)
            {
                ArrayPool<ImapRawToken>.Shared.Return(_tokens);
            }

            _tokens = larger;
        }

        _tokens[_count++] = token;
    }

    internal void SetLiteralValue(int index, int valueStart, int valueLength) =>
        _tokens[index] = _tokens[index].WithLiteralValue(valueStart, valueLength);

    private ReadOnlySpan<byte> ValueRange(in ImapRawToken token)
    {
        if (token.Kind == ImapTokenKind.Literal && !token.IsMaterialized)
        {
            throw new InvalidOperationException("The literal was streamed, not materialised.");
        }

        return _bytes.AsSpan(token.ValueStart, token.ValueLength);
    }

    private void EnsureBytes(int extra)
    {
        if (_length + extra <= _bytes.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + extra, Math.Max(256, _bytes.Length * 2)));
        _bytes.AsSpan(0, _length).CopyTo(larger);
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
        }

        _bytes = larger;
    }
}
