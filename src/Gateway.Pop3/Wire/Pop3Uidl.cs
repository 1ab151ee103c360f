using System.Globalization;

namespace Gateway.Pop3.Wire;

/// <summary>The unique-id listing of a message (RFC 1939 §7), derived from its IMAP UIDVALIDITY and UID.</summary>
/// <remarks>
/// Format: 8 lower-case hex digits of the UID, then 8 of the UIDVALIDITY (16 characters, 0-9 a-f): what Dovecot 2.3's
/// POP3 server sends with its default <c>pop3_uidl_format = %08Xu%08Xv</c> (seen on the wire: 2.3.19 prints lower case,
/// and Cyrus's <c>uidl_format: dovecot</c> is <c>%08x%08x</c> too). (UIDVALIDITY, UID) never names another message of the
/// mailbox (RFC 3501 §2.3.1.1), so the id is stable across sessions, gateway restarts and cache rebuilds, and
/// changes only when the server changes UIDVALIDITY (then the client must download again). Fixed width with no dot
/// avoids the Outlook 2003 trouble with <c>%v.%u</c>; a user who read the same Dovecot mailbox over POP3 directly
/// keeps the ids Outlook already knows.
/// </remarks>
internal static class Pop3Uidl
{
    public static string Format(uint uidValidity, uint uid) =>
        string.Create(CultureInfo.InvariantCulture, $"{uid:x8}{uidValidity:x8}");
}
