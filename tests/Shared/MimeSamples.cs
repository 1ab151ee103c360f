using System.Text;

namespace Gateway.TestSupport;

/// <summary>
/// Messages with tricky MIME shapes, used to compare sections derived from <c>BODY[]</c> with what Dovecot and Cyrus
/// answer (tests/Gateway.IntegrationTests/Imap/CacheDerivationTests.cs) and in the locator's unit tests.
/// </summary>
internal static class MimeSamples
{
    /// <summary>Sections asked for every sample (as written in <c>BODY.PEEK[…]</c>).</summary>
    public static readonly string[] Sections =
    [
        "HEADER", "TEXT", "1", "1.MIME", "1.HEADER", "1.TEXT", "1.1", "1.1.MIME", "1.2", "1.2.MIME", "1.1.1", "1.1.1.MIME",
        "2", "2.MIME", "2.HEADER", "2.TEXT", "2.1", "2.1.MIME", "2.2", "2.2.MIME", "2.1.1", "3", "3.MIME", "4",
    ];

    public static readonly (string Name, byte[] Bytes)[] All =
    [
        ("single", Bytes("From: a@b.test\r\nSubject: single\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nline one\r\nline two\r\n")),
        ("no-trailing-crlf", Bytes("From: a@b.test\r\nSubject: notrail\r\n\r\nno trailing newline")),
        ("empty-body", Bytes("From: a@b.test\r\nSubject: empty\r\n\r\n")),
        ("header-only", Bytes("From: a@b.test\r\nSubject: header only\r\n")),
        ("no-header", Bytes("\r\njust a body\r\n")),
        ("mixed", Bytes(
            "From: a@b.test\r\nSubject: mixed\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n boundary=\"outer-b\"\r\n\r\n"
            + "This is the preamble.\r\n--outer-b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nFirst part.\r\n\r\n"
            + "--outer-b\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n"
            + "From: c@d.test\r\nSubject: inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=inner-b\r\n\r\n"
            + "--inner-b\r\nContent-Type: text/plain\r\n\r\nplain inner\r\n--inner-b\r\nContent-Type: text/html\r\n\r\n<p>html inner</p>\r\n--inner-b--\r\n"
            + "\r\n--outer-b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\n--outer-b--\r\nThe epilogue.\r\n")),
        ("alternative", Bytes(
            "Subject: alt\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nplain\r\n"
            + "--XX\r\nContent-Type: text/html\r\n\r\n<b>x</b>\r\n--XX--")),
        ("eight-bit", Bytes(
            "From: a@b.test\r\nSubject: caf\u00e9 \u00fcber\r\nContent-Type: multipart/mixed; boundary=b8\r\n\r\n--b8\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGr\u00fc\u00dfe \u2603\r\n--b8--\r\n")),
        ("bare-lf", Bytes("From: a@b.test\nSubject: bare lf\nContent-Type: multipart/mixed; boundary=lf\n\n--lf\nContent-Type: text/plain\n\nbody\n--lf--\n")),
        ("bare-cr", Bytes("Subject: t\r\n\r\nbare\rcr\r\n")),
        ("rfc822-leaf", Bytes(
            "Subject: fwd\r\nContent-Type: multipart/mixed; boundary=\"=_x\"\r\n\r\n--=_x\r\n\r\nno part header\r\n--=_x\r\n"
            + "Content-Type: message/rfc822\r\n\r\nSubject: inner single\r\n\r\ninner body\r\n--=_x--\r\n")),
        ("digest", Bytes(
            "Subject: digest\r\nContent-Type: multipart/digest; boundary=dg\r\n\r\n--dg\r\n\r\nSubject: d1\r\n\r\nd1 body\r\n"
            + "--dg\r\n\r\nSubject: d2\r\n\r\nd2 body\r\n--dg--\r\n")),
        ("nested", Bytes(
            "Subject: nested\r\nContent-Type: multipart/mixed; boundary=a1\r\n\r\n--a1\r\nContent-Type: multipart/alternative; boundary=a2\r\n\r\n"
            + "pre2\r\n--a2\r\nContent-Type: text/plain\r\n\r\nalt plain\r\n--a2\r\nContent-Type: text/html\r\n\r\nalt html\r\n--a2--\r\nepi2\r\n"
            + "--a1\r\nContent-Type: text/plain\r\n\r\nsecond\r\n--a1--\r\n")),
        ("boundary-padding", Bytes(
            "Subject: trailws\r\nContent-Type: multipart/mixed; boundary=tw\r\n\r\n--tw  \r\nContent-Type: text/plain\r\n\r\nx\r\n--tw \t\r\n\r\ny\r\n--tw--  \r\n")),
        ("top-rfc822", Bytes(
            "Subject: top\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\nContent-Type: multipart/mixed; boundary=tr\r\n\r\n--tr\r\n\r\none\r\n--tr--\r\n")),
        ("message-in-message", Bytes(
            "Subject: t\r\nContent-Type: multipart/mixed; boundary=mm\r\n\r\n--mm\r\nContent-Type: message/rfc822\r\n\r\nSubject: l1\r\n"
            + "Content-Type: message/rfc822\r\n\r\nSubject: l2\r\nContent-Type: multipart/mixed; boundary=l2b\r\n\r\n--l2b\r\n\r\ndeep\r\n--l2b--\r\n--mm--\r\n")),
        ("no-epilogues", Bytes(
            "Subject: t\r\nContent-Type: multipart/mixed; boundary=d0\r\n\r\n--d0\r\nContent-Type: multipart/mixed; boundary=d1\r\n\r\n"
            + "--d1\r\nContent-Type: multipart/mixed; boundary=d2\r\n\r\n--d2\r\n\r\nleaf\r\n--d2--\r\n--d1--\r\n--d0--\r\n")),
        ("empty-parts", Bytes(
            "Subject: emptypart\r\nContent-Type: multipart/mixed; boundary=ep\r\n\r\n--ep\r\n\r\n\r\n--ep\r\nContent-Type: text/plain\r\n\r\n--ep\r\n--ep--\r\n")),
        ("no-preamble", Bytes("Subject: nopre\r\nContent-Type: multipart/mixed; boundary=np\r\n\r\n--np\r\nContent-Type: text/plain\r\n\r\n\r\n\r\n--np--")),
        ("report", Bytes(
            "Subject: t\r\nContent-Type: multipart/report; boundary=rp\r\n\r\n--rp\r\nContent-Type: text/plain\r\n\r\nfailed\r\n"
            + "--rp\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n\r\nFinal-Recipient: rfc822; a@b\r\n"
            + "--rp\r\nContent-Type: text/rfc822-headers\r\n\r\nSubject: x\r\n\r\n--rp--\r\n")),
        ("folded-and-quoted", Bytes(
            "Subject: t\r\ncontent-type: MULTIPART/MIXED;\r\n\tcharset=x;  BOUNDARY=\"a b:c\";foo=\"b;ar\"\r\n \r\n\r\n--a b:c\r\n\r\none\r\n"
            + "--a b:c\r\ncontent-type: message/rfc822\r\ncontent-transfer-encoding: 7BIT\r\n\r\nSubject: in\r\n\r\nx\r\n--a b:c--\r\n")),
        ("boundary-prefix", Bytes(
            "Subject: t\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--bx\r\nstill one?\r\n--b\r\n\r\ntwo\r\n--b--\r\n")),
        ("nested-prefix", Bytes(
            "Subject: t\r\nContent-Type: multipart/mixed; boundary=ab\r\n\r\n--ab\r\nContent-Type: multipart/mixed; boundary=abc\r\n\r\n"
            + "--abc\r\n\r\ninner one\r\n--abc--\r\n--ab\r\n\r\ntwo\r\n--ab--\r\n")),
        ("two-content-types", Bytes(
            "Subject: t\r\nContent-Type: multipart/mixed; boundary=d1\r\nContent-Type: multipart/mixed; boundary=d2\r\n\r\n"
            + "--d1\r\n\r\nd1 part\r\n--d2\r\n\r\nd2 part\r\n--d1--\r\n--d2--\r\n")),
        ("rfc2231-boundary", Bytes("Subject: t\r\nContent-Type: multipart/mixed; boundary*=us-ascii''r2\r\n\r\n--r2\r\n\r\none\r\n--r2--\r\n")),
        ("no-boundary", Bytes("Subject: t\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n\r\none\r\n--x--\r\n")),
        ("base64-message", Bytes(
            "Subject: t\r\nContent-Type: multipart/mixed; boundary=bm\r\n\r\n--bm\r\nContent-Type: message/rfc822\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nU3ViamVjdDogeA0KDQpoaQ0K\r\n--bm--\r\n")),
        ("message-header-only", Bytes(
            "Subject: t\r\nContent-Type: multipart/mixed; boundary=mh\r\n\r\n--mh\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\nFrom: x\r\n--mh--\r\n")),
        ("part-header-at-boundary", Bytes(
            "Subject: t\r\nContent-Type: multipart/mixed; boundary=ph\r\n\r\n--ph\r\nContent-Type: text/plain\r\n\r\n--ph\r\n\r\ntwo\r\n--ph--\r\n")),
        ("unclosed", Bytes("Subject: noclose\r\nContent-Type: multipart/mixed; boundary=nc\r\n\r\n--nc\r\nContent-Type: text/plain\r\n\r\nunclosed\r\n")),
        ("after-close", Bytes(
            "Subject: t\r\nContent-Type: multipart/mixed; boundary=ac\r\n\r\n--ac\r\n\r\none\r\n--ac--\r\n--ac\r\n\r\nafter\r\n--ac--\r\n")),
        ("message-global", Bytes(
            "Subject: t\r\nContent-Type: multipart/mixed; boundary=gl\r\n\r\n--gl\r\nContent-Type: message/global\r\n\r\nSubject: g\r\n\r\nglobal body\r\n--gl--\r\n")),
        ("large", Large()),
    ];

    public static byte[] Get(string name) => All.Single(s => s.Name == name).Bytes;

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    // 300 KB of base64 lines, a 100 KB line without a line end and a nested message, so lines cross the locator's
    // 64 KB buffer and exceed its line head.
    private static byte[] Large()
    {
        var random = new Random(6);
        var data = new byte[225 * 1024];
        random.NextBytes(data);
        var base64 = Convert.ToBase64String(data, Base64FormattingOptions.InsertLineBreaks);
        var text = new StringBuilder()
            .Append("Subject: large\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"----=_Part_0_12345.67890\"\r\n\r\n")
            .Append("------=_Part_0_12345.67890\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n")
            .Append('x', 100 * 1024).Append("\r\n")
            .Append("------=_Part_0_12345.67890\r\nContent-Type: application/octet-stream; name=\"data.bin\"\r\n")
            .Append("Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"data.bin\"\r\n\r\n")
            .Append(base64).Append("\r\n")
            .Append("------=_Part_0_12345.67890\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner text\r\n")
            .Append("------=_Part_0_12345.67890--\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
