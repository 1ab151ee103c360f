namespace Gateway.Imap.Wire;

/// <summary>Protocol keywords as upper-case UTF-8, for <see cref="ImapLine.IsAtom"/> (RFC 3501 §9, RFC 9051 §9).</summary>
internal static class ImapAtoms
{
    public static ReadOnlySpan<byte> Ok => "OK"u8;
    public static ReadOnlySpan<byte> No => "NO"u8;
    public static ReadOnlySpan<byte> Bad => "BAD"u8;
    public static ReadOnlySpan<byte> Bye => "BYE"u8;
    public static ReadOnlySpan<byte> Preauth => "PREAUTH"u8;
    public static ReadOnlySpan<byte> Nil => "NIL"u8;
    public static ReadOnlySpan<byte> Capability => "CAPABILITY"u8;
    public static ReadOnlySpan<byte> Fetch => "FETCH"u8;
    public static ReadOnlySpan<byte> List => "LIST"u8;
    public static ReadOnlySpan<byte> Lsub => "LSUB"u8;
    public static ReadOnlySpan<byte> Status => "STATUS"u8;
    public static ReadOnlySpan<byte> Namespace => "NAMESPACE"u8;
    public static ReadOnlySpan<byte> Acl => "ACL"u8;
    public static ReadOnlySpan<byte> MyRights => "MYRIGHTS"u8;
    public static ReadOnlySpan<byte> ListRights => "LISTRIGHTS"u8;
    public static ReadOnlySpan<byte> Select => "SELECT"u8;
    public static ReadOnlySpan<byte> Examine => "EXAMINE"u8;
    public static ReadOnlySpan<byte> Append => "APPEND"u8;
    public static ReadOnlySpan<byte> Uid => "UID"u8;
    public static ReadOnlySpan<byte> Idle => "IDLE"u8;
    public static ReadOnlySpan<byte> Done => "DONE"u8;
    public static ReadOnlySpan<byte> Authenticate => "AUTHENTICATE"u8;
    public static ReadOnlySpan<byte> Login => "LOGIN"u8;
    public static ReadOnlySpan<byte> Body => "BODY"u8;
    public static ReadOnlySpan<byte> BodyPeek => "BODY.PEEK"u8;
    public static ReadOnlySpan<byte> Binary => "BINARY"u8;
    public static ReadOnlySpan<byte> BinaryPeek => "BINARY.PEEK"u8;
    public static ReadOnlySpan<byte> BinarySize => "BINARY.SIZE"u8;
}
