using System.Numerics;
using System.Text;

namespace Gateway.Imap.Acl;

/// <summary>
/// A set of ACL rights: lower-case letters <c>a</c>–<c>z</c> and digits (RFC 4314 §2). Immutable value.
/// </summary>
/// <remarks>
/// The set holds letters, not meanings: <c>c</c> in a Courier reply and <c>c</c> in a Dovecot reply are
/// the same bit here. <see cref="AclServerDialect"/> and <see cref="AclClientRights"/> turn wire letters
/// into the gateway's canonical meaning, RFC 4314 letters without the obsolete macros <c>c</c> and <c>d</c>.
/// </remarks>
internal readonly record struct AclRights
{
    // rights = 1*right; right = ALPHA / DIGIT, upper case not allowed   (RFC 4314 §2, §9)
    // Bits 0..25 are 'a'..'z', bits 26..35 are '0'..'9'.
    private const int DigitBase = 26;

    /// <summary>Order in which rights are written: RFC 4314 §2.1 order, then other letters, then digits.</summary>
    private const string Order = "lrswipkxtecdan";

    private readonly ulong _bits;

    private AclRights(ulong bits) => _bits = bits;

    public static AclRights None => default;

    /// <summary>The nine RFC 2086 rights <c>lrswipcda</c>.</summary>
    public static AclRights Classic { get; } = Of("lrswipcda");

    /// <summary>The RFC 2086 rights that have one meaning in both RFCs: <c>lrswipa</c>.</summary>
    public static AclRights ClassicSimple { get; } = Of("lrswipa");

    /// <summary>The rights RFC 4314 added: <c>k x t e</c>.</summary>
    public static AclRights Rfc4314Only { get; } = Of("kxte");

    /// <summary>The digits <c>0</c>–<c>9</c> (site-defined rights).</summary>
    public static AclRights Digits { get; } = Of("0123456789");

    public bool IsEmpty => _bits == 0;

    public int Count => BitOperations.PopCount(_bits);

    /// <summary>Whether <paramref name="right"/> is a valid right character (<c>a-z</c> or <c>0-9</c>).</summary>
    public static bool IsRight(char right) => right is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    /// <summary>Parses rights; false with the first invalid character when one is not <c>a-z</c> or <c>0-9</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out AclRights rights, out char invalid)
    {
        ulong bits = 0;
        foreach (var c in text)
        {
            if (!IsRight(c))
            {
                rights = default;
                invalid = c;
                return false;
            }

            bits |= Bit(c);
        }

        rights = new AclRights(bits);
        invalid = '\0';
        return true;
    }

    /// <summary>Builds a set from <paramref name="text"/>; characters that are not rights are ignored.</summary>
    public static AclRights Of(ReadOnlySpan<char> text)
    {
        ulong bits = 0;
        foreach (var c in text)
        {
            if (IsRight(c))
            {
                bits |= Bit(c);
            }
        }

        return new AclRights(bits);
    }

    public bool Contains(char right) => IsRight(right) && (_bits & Bit(right)) != 0;

    /// <summary>Whether every right of <paramref name="other"/> is in this set.</summary>
    public bool ContainsAll(AclRights other) => (_bits & other._bits) == other._bits;

    /// <summary>Whether any right of <paramref name="other"/> is in this set.</summary>
    public bool ContainsAny(AclRights other) => (_bits & other._bits) != 0;

    public AclRights Union(AclRights other) => new(_bits | other._bits);

    public AclRights Intersect(AclRights other) => new(_bits & other._bits);

    public AclRights Except(AclRights other) => new(_bits & ~other._bits);

    public AclRights With(char right) => IsRight(right) ? new AclRights(_bits | Bit(right)) : this;

    public AclRights Without(char right) => IsRight(right) ? new AclRights(_bits & ~Bit(right)) : this;

    /// <summary>The rights one by one in writing order.</summary>
    public IEnumerable<char> Letters()
    {
        foreach (var c in Order)
        {
            if (Contains(c))
            {
                yield return c;
            }
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            if (Order.IndexOf(c, StringComparison.Ordinal) < 0 && Contains(c))
            {
                yield return c;
            }
        }

        for (var c = '0'; c <= '9'; c++)
        {
            if (Contains(c))
            {
                yield return c;
            }
        }
    }

    /// <summary>Position of <paramref name="right"/> in writing order (for sorting LISTRIGHTS groups).</summary>
    public static int Rank(char right)
    {
        var i = Order.IndexOf(right, StringComparison.Ordinal);
        return i >= 0 ? i : right >= 'a' ? Order.Length + (right - 'a') : Order.Length + 26 + (right - '0');
    }

    /// <summary>The rights as a string in writing order: <c>lrswipkxtecdan</c>, other letters, digits.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Count);
        foreach (var c in Letters())
        {
            text.Append(c);
        }

        return text.ToString();
    }

    private static ulong Bit(char c) => c >= 'a' ? 1UL << (c - 'a') : 1UL << (DigitBase + (c - '0'));
}
