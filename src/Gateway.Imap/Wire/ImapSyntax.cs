namespace Gateway.Imap.Wire;

/// <summary>IMAP character classes (RFC 3501 §9, RFC 9051 §9).</summary>
/// <remarks>
/// <code>
/// ATOM-CHAR       = &lt;any CHAR except atom-specials&gt;
/// atom-specials   = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials
/// list-wildcards  = "%" / "*"
/// quoted-specials = DQUOTE / "\"
/// resp-specials   = "]"
/// ASTRING-CHAR    = ATOM-CHAR / resp-specials
/// tag             = 1*&lt;any ASTRING-CHAR except "+"&gt;
/// </code>
/// These are the strict classes the writer uses; the reader also accepts 8-bit bytes in atoms (RFC 6855).
/// </remarks>
internal static class ImapSyntax
{
    /// <summary>Whether <paramref name="b"/> is an RFC 3501 ATOM-CHAR (ASCII only).</summary>
    public static bool IsAtomChar(byte b) =>
        b is > 0x20 and < 0x7f and not ((byte)'(' or (byte)')' or (byte)'{' or (byte)'%' or (byte)'*' or (byte)'"' or (byte)'\\' or (byte)']');

    /// <summary>Whether <paramref name="b"/> is an ASTRING-CHAR (ATOM-CHAR or <c>]</c>).</summary>
    public static bool IsAStringChar(byte b) => b == (byte)']' || IsAtomChar(b);

    /// <summary>Whether <paramref name="b"/> may appear in a tag.</summary>
    public static bool IsTagChar(byte b) => b != (byte)'+' && IsAStringChar(b);

    /// <summary>Whether <paramref name="b"/> may appear in a quoted string (<c>TEXT-CHAR</c>, 8-bit allowed).</summary>
    public static bool IsQuotedChar(byte b) => b is not (0 or (byte)'\r' or (byte)'\n');

    /// <summary>Whether <paramref name="b"/> is an ASCII digit.</summary>
    public static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>Whether <paramref name="value"/> can be sent as an atom where an astring is expected.</summary>
    public static bool IsAStringAtom(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || System.Text.Ascii.EqualsIgnoreCase(value, ImapAtoms.Nil))
        {
            return false;
        }

        foreach (var b in value)
        {
            if (!IsAStringChar(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="value"/> can be sent as a quoted string.</summary>
    public static bool IsQuotable(ReadOnlySpan<byte> value) => value.IndexOfAny((byte)0, (byte)'\r', (byte)'\n') < 0;

    /// <summary>Whether an atom is followed by a section: <c>"BODY" section</c>, <c>"BINARY" [".PEEK"] section-binary</c> (RFC 3501 §9, RFC 3516 §4.2).</summary>
    public static bool IsSectionKeyword(ReadOnlySpan<byte> atom) =>
        System.Text.Ascii.EqualsIgnoreCase(atom, ImapAtoms.Body)
        || System.Text.Ascii.EqualsIgnoreCase(atom, ImapAtoms.BodyPeek)
        || System.Text.Ascii.EqualsIgnoreCase(atom, ImapAtoms.Binary)
        || System.Text.Ascii.EqualsIgnoreCase(atom, ImapAtoms.BinaryPeek)
        || System.Text.Ascii.EqualsIgnoreCase(atom, ImapAtoms.BinarySize);

    /// <summary>Whether <paramref name="word"/> starts <c>resp-cond-state</c>, <c>resp-cond-bye</c> or <c>resp-cond-auth</c>.</summary>
    public static bool IsStatusWord(ReadOnlySpan<byte> word) =>
        System.Text.Ascii.EqualsIgnoreCase(word, ImapAtoms.Ok)
        || System.Text.Ascii.EqualsIgnoreCase(word, ImapAtoms.No)
        || System.Text.Ascii.EqualsIgnoreCase(word, ImapAtoms.Bad)
        || System.Text.Ascii.EqualsIgnoreCase(word, ImapAtoms.Bye)
        || System.Text.Ascii.EqualsIgnoreCase(word, ImapAtoms.Preauth);
}
