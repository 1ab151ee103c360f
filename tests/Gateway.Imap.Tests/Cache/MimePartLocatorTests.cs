using System.Text;
using Gateway.Imap.Cache;
using Gateway.TestSupport;

namespace Gateway.Imap.Tests.Cache;

public sealed class MimePartLocatorTests
{
    private static async Task<string?> LocateAsync(byte[] message, string section, int chunk = int.MaxValue)
    {
        using var stream = new TricklingStream(message, chunk);
        var structure = await MimePartLocator.ScanAsync(stream, message.Length, MimeStructure.NeedsTree(section));
        return structure.TryLocate(section, out var start, out var length) ? Encoding.UTF8.GetString(message, (int)start, (int)length) : null;
    }

    /// <summary>
    /// Recorded from Dovecot 2.3.19 and Cyrus 3.6.1 (FETCH BODY.PEEK[section] of the APPENDed sample): a value where
    /// both answered the same non-empty bytes, null where they differ (the comment says how) or where the locator
    /// declines on purpose.
    /// </summary>
    [Theory]
    [InlineData("single", "HEADER", "From: a@b.test\r\nSubject: single\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n")] // both
    [InlineData("single", "TEXT", "line one\r\nline two\r\n")] // both
    [InlineData("single", "1", "line one\r\nline two\r\n")] // both
    [InlineData("single", "1.MIME", "From: a@b.test\r\nSubject: single\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n")] // both
    [InlineData("mixed", "HEADER", "From: a@b.test\r\nSubject: mixed\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n boundary=\"outer-b\"\r\n\r\n")] // both
    [InlineData("mixed", "TEXT", "This is the preamble.\r\n--outer-b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nFirst part.\r\n\r\n--outer-b\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\nFrom: c@d.test\r\nSubject: inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=inner-b\r\n\r\n--inner-b\r\nContent-Type: text/plain\r\n\r\nplain inner\r\n--inner-b\r\nContent-Type: text/html\r\n\r\n<p>html inner</p>\r\n--inner-b--\r\n\r\n--outer-b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\n--outer-b--\r\nThe epilogue.\r\n")] // both
    [InlineData("mixed", "1", "First part.\r\n")] // both
    [InlineData("mixed", "1.MIME", "Content-Type: text/plain; charset=us-ascii\r\n\r\n")] // both
    [InlineData("mixed", "2", "From: c@d.test\r\nSubject: inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=inner-b\r\n\r\n--inner-b\r\nContent-Type: text/plain\r\n\r\nplain inner\r\n--inner-b\r\nContent-Type: text/html\r\n\r\n<p>html inner</p>\r\n--inner-b--\r\n")] // both
    [InlineData("mixed", "2.MIME", "Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n")] // both
    [InlineData("mixed", "2.HEADER", "From: c@d.test\r\nSubject: inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=inner-b\r\n\r\n")] // both
    [InlineData("mixed", "2.TEXT", "--inner-b\r\nContent-Type: text/plain\r\n\r\nplain inner\r\n--inner-b\r\nContent-Type: text/html\r\n\r\n<p>html inner</p>\r\n--inner-b--\r\n")] // both
    [InlineData("mixed", "2.1", "plain inner")] // both
    [InlineData("mixed", "2.1.MIME", "Content-Type: text/plain\r\n\r\n")] // both
    [InlineData("mixed", "2.2", "<p>html inner</p>")] // both
    [InlineData("mixed", "1.1", null)] // differ: Dovecot 13 bytes, Cyrus NIL
    [InlineData("mixed", "1.1.MIME", null)] // differ: Dovecot 46 bytes, Cyrus NIL
    [InlineData("mixed", "3", "AAECAwQF")] // both
    [InlineData("mixed", "3.MIME", "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n")] // both
    [InlineData("mixed", "2.1.1", null)] // differ: Dovecot 11 bytes, Cyrus NIL
    [InlineData("alternative", "HEADER", "Subject: alt\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n")] // both
    [InlineData("alternative", "TEXT", "--XX\r\nContent-Type: text/plain\r\n\r\nplain\r\n--XX\r\nContent-Type: text/html\r\n\r\n<b>x</b>\r\n--XX--")] // both
    [InlineData("alternative", "1", "plain")] // both
    [InlineData("alternative", "1.MIME", "Content-Type: text/plain\r\n\r\n")] // both
    [InlineData("alternative", "2", "<b>x</b>")] // both
    [InlineData("alternative", "2.MIME", "Content-Type: text/html\r\n\r\n")] // both
    [InlineData("alternative", "2.1", null)] // differ: Dovecot 8 bytes, Cyrus NIL
    [InlineData("alternative", "2.1.MIME", null)] // differ: Dovecot 27 bytes, Cyrus NIL
    [InlineData("alternative", "1.1", null)] // differ: Dovecot 5 bytes, Cyrus NIL
    [InlineData("alternative", "1.1.MIME", null)] // differ: Dovecot 28 bytes, Cyrus NIL
    [InlineData("digest", "HEADER", "Subject: digest\r\nContent-Type: multipart/digest; boundary=dg\r\n\r\n")] // both
    [InlineData("digest", "TEXT", "--dg\r\n\r\nSubject: d1\r\n\r\nd1 body\r\n--dg\r\n\r\nSubject: d2\r\n\r\nd2 body\r\n--dg--\r\n")] // both
    [InlineData("digest", "1", "Subject: d1\r\n\r\nd1 body")] // both
    [InlineData("digest", "1.MIME", "\r\n")] // both
    [InlineData("digest", "2", "Subject: d2\r\n\r\nd2 body")] // both
    [InlineData("digest", "2.MIME", "\r\n")] // both
    [InlineData("digest", "2.HEADER", "Subject: d2\r\n\r\n")] // both
    [InlineData("digest", "2.TEXT", "d2 body")] // both
    [InlineData("digest", "2.1", "d2 body")] // both
    [InlineData("digest", "2.1.MIME", "Subject: d2\r\n\r\n")] // both
    [InlineData("digest", "1.1", "d1 body")] // both
    [InlineData("digest", "1.1.MIME", "Subject: d1\r\n\r\n")] // both
    [InlineData("digest", "1.HEADER", "Subject: d1\r\n\r\n")] // both
    [InlineData("digest", "1.TEXT", "d1 body")] // both
    [InlineData("nested", "HEADER", "Subject: nested\r\nContent-Type: multipart/mixed; boundary=a1\r\n\r\n")] // both
    [InlineData("nested", "TEXT", "--a1\r\nContent-Type: multipart/alternative; boundary=a2\r\n\r\npre2\r\n--a2\r\nContent-Type: text/plain\r\n\r\nalt plain\r\n--a2\r\nContent-Type: text/html\r\n\r\nalt html\r\n--a2--\r\nepi2\r\n--a1\r\nContent-Type: text/plain\r\n\r\nsecond\r\n--a1--\r\n")] // both
    [InlineData("nested", "1", "pre2\r\n--a2\r\nContent-Type: text/plain\r\n\r\nalt plain\r\n--a2\r\nContent-Type: text/html\r\n\r\nalt html\r\n--a2--\r\nepi2")] // both
    [InlineData("nested", "1.MIME", "Content-Type: multipart/alternative; boundary=a2\r\n\r\n")] // both
    [InlineData("nested", "2", "second")] // both
    [InlineData("nested", "2.MIME", "Content-Type: text/plain\r\n\r\n")] // both
    [InlineData("nested", "2.1", null)] // differ: Dovecot 6 bytes, Cyrus NIL
    [InlineData("nested", "2.1.MIME", null)] // differ: Dovecot 28 bytes, Cyrus NIL
    [InlineData("nested", "1.1", "alt plain")] // both
    [InlineData("nested", "1.2", "alt html")] // both
    [InlineData("nested", "1.1.MIME", "Content-Type: text/plain\r\n\r\n")] // both
    [InlineData("rfc822-leaf", "HEADER", "Subject: fwd\r\nContent-Type: multipart/mixed; boundary=\"=_x\"\r\n\r\n")] // both
    [InlineData("rfc822-leaf", "TEXT", "--=_x\r\n\r\nno part header\r\n--=_x\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner single\r\n\r\ninner body\r\n--=_x--\r\n")] // both
    [InlineData("rfc822-leaf", "1", "no part header")] // both
    [InlineData("rfc822-leaf", "1.MIME", "\r\n")] // both
    [InlineData("rfc822-leaf", "2", "Subject: inner single\r\n\r\ninner body")] // both
    [InlineData("rfc822-leaf", "2.MIME", "Content-Type: message/rfc822\r\n\r\n")] // both
    [InlineData("rfc822-leaf", "2.HEADER", "Subject: inner single\r\n\r\n")] // both
    [InlineData("rfc822-leaf", "2.TEXT", "inner body")] // both
    [InlineData("rfc822-leaf", "2.1", "inner body")] // both
    [InlineData("rfc822-leaf", "2.1.MIME", "Subject: inner single\r\n\r\n")] // both
    [InlineData("rfc822-leaf", "1.1", null)] // differ: Dovecot 14 bytes, Cyrus NIL
    [InlineData("rfc822-leaf", "1.1.MIME", null)] // differ: Dovecot 2 bytes, Cyrus NIL
    [InlineData("empty-parts", "HEADER", "Subject: emptypart\r\nContent-Type: multipart/mixed; boundary=ep\r\n\r\n")] // both
    [InlineData("empty-parts", "TEXT", null)] // both the same, but TEXT needs a sure tree
    [InlineData("empty-parts", "1.MIME", null)] // both "\r\n", but part 2 makes the tree unsure
    [InlineData("empty-parts", "2.MIME", null)] // differ: Dovecot 26 bytes, Cyrus 28 bytes
    [InlineData("empty-parts", "2.1.MIME", null)] // differ: Dovecot 26 bytes, Cyrus NIL
    [InlineData("empty-parts", "1.1.MIME", null)] // differ: Dovecot 2 bytes, Cyrus NIL
    [InlineData("no-header", "HEADER", "\r\n")] // both
    [InlineData("no-header", "TEXT", "just a body\r\n")] // both
    [InlineData("no-header", "1", "just a body\r\n")] // both
    [InlineData("no-header", "1.MIME", "\r\n")] // both
    [InlineData("boundary-padding", "HEADER", "Subject: trailws\r\nContent-Type: multipart/mixed; boundary=tw\r\n\r\n")] // both
    [InlineData("boundary-padding", "TEXT", "--tw  \r\nContent-Type: text/plain\r\n\r\nx\r\n--tw \t\r\n\r\ny\r\n--tw--  \r\n")] // both
    [InlineData("boundary-padding", "1", "x")] // both
    [InlineData("boundary-padding", "1.MIME", "Content-Type: text/plain\r\n\r\n")] // both
    [InlineData("boundary-padding", "2", "y")] // both
    [InlineData("boundary-padding", "2.MIME", "\r\n")] // both
    [InlineData("boundary-padding", "2.1", null)] // differ: Dovecot 1 bytes, Cyrus NIL
    [InlineData("boundary-padding", "2.1.MIME", null)] // differ: Dovecot 2 bytes, Cyrus NIL
    [InlineData("boundary-padding", "1.1", null)] // differ: Dovecot 1 bytes, Cyrus NIL
    [InlineData("boundary-padding", "1.1.MIME", null)] // differ: Dovecot 28 bytes, Cyrus NIL
    [InlineData("no-preamble", "HEADER", "Subject: nopre\r\nContent-Type: multipart/mixed; boundary=np\r\n\r\n")] // both
    [InlineData("no-preamble", "TEXT", "--np\r\nContent-Type: text/plain\r\n\r\n\r\n\r\n--np--")] // both
    [InlineData("no-preamble", "1", "\r\n")] // both
    [InlineData("no-preamble", "1.MIME", "Content-Type: text/plain\r\n\r\n")] // both
    [InlineData("no-preamble", "1.1", null)] // differ: Dovecot 2 bytes, Cyrus NIL
    [InlineData("no-preamble", "1.1.MIME", null)] // differ: Dovecot 28 bytes, Cyrus NIL
    [InlineData("no-trailing-crlf", "HEADER", "From: a@b.test\r\nSubject: notrail\r\n\r\n")] // both
    [InlineData("no-trailing-crlf", "TEXT", "no trailing newline")] // both
    [InlineData("no-trailing-crlf", "1", "no trailing newline")] // both
    [InlineData("no-trailing-crlf", "1.MIME", "From: a@b.test\r\nSubject: notrail\r\n\r\n")] // both
    [InlineData("empty-body", "HEADER", "From: a@b.test\r\nSubject: empty\r\n\r\n")] // both
    [InlineData("empty-body", "1.MIME", "From: a@b.test\r\nSubject: empty\r\n\r\n")] // both
    [InlineData("top-rfc822", "HEADER", "Subject: top\r\nContent-Type: message/rfc822\r\n\r\n")] // both
    [InlineData("top-rfc822", "TEXT", "Subject: in\r\nContent-Type: multipart/mixed; boundary=tr\r\n\r\n--tr\r\n\r\none\r\n--tr--\r\n")] // both
    [InlineData("top-rfc822", "1", "Subject: in\r\nContent-Type: multipart/mixed; boundary=tr\r\n\r\n--tr\r\n\r\none\r\n--tr--\r\n")] // both
    [InlineData("top-rfc822", "1.MIME", "Subject: top\r\nContent-Type: message/rfc822\r\n\r\n")] // both
    [InlineData("top-rfc822", "1.HEADER", "Subject: in\r\nContent-Type: multipart/mixed; boundary=tr\r\n\r\n")] // both
    [InlineData("top-rfc822", "1.TEXT", "--tr\r\n\r\none\r\n--tr--\r\n")] // both
    [InlineData("top-rfc822", "1.1", "one")] // both
    [InlineData("top-rfc822", "1.1.MIME", "\r\n")] // both
    [InlineData("top-rfc822", "1.1.1", null)] // differ: Dovecot 3 bytes, Cyrus NIL
    [InlineData("top-rfc822", "1.1.1.MIME", null)] // differ: Dovecot 2 bytes, Cyrus NIL
    [InlineData("message-in-message", "HEADER", "Subject: t\r\nContent-Type: multipart/mixed; boundary=mm\r\n\r\n")] // both
    [InlineData("message-in-message", "TEXT", "--mm\r\nContent-Type: message/rfc822\r\n\r\nSubject: l1\r\nContent-Type: message/rfc822\r\n\r\nSubject: l2\r\nContent-Type: multipart/mixed; boundary=l2b\r\n\r\n--l2b\r\n\r\ndeep\r\n--l2b--\r\n--mm--\r\n")] // both
    [InlineData("message-in-message", "1", "Subject: l1\r\nContent-Type: message/rfc822\r\n\r\nSubject: l2\r\nContent-Type: multipart/mixed; boundary=l2b\r\n\r\n--l2b\r\n\r\ndeep\r\n--l2b--\r\n")] // both
    [InlineData("message-in-message", "1.MIME", "Content-Type: message/rfc822\r\n\r\n")] // both
    [InlineData("message-in-message", "1.HEADER", "Subject: l1\r\nContent-Type: message/rfc822\r\n\r\n")] // both
    [InlineData("message-in-message", "1.TEXT", "Subject: l2\r\nContent-Type: multipart/mixed; boundary=l2b\r\n\r\n--l2b\r\n\r\ndeep\r\n--l2b--\r\n")] // both
    [InlineData("message-in-message", "1.1", "Subject: l2\r\nContent-Type: multipart/mixed; boundary=l2b\r\n\r\n--l2b\r\n\r\ndeep\r\n--l2b--\r\n")] // both
    [InlineData("message-in-message", "1.1.MIME", "Subject: l1\r\nContent-Type: message/rfc822\r\n\r\n")] // both
    [InlineData("message-in-message", "1.1.1", "deep")] // both
    [InlineData("message-in-message", "1.1.1.MIME", "\r\n")] // both
    [InlineData("message-in-message", "1.1.1.1", null)] // differ: Dovecot 4 bytes, Cyrus NIL
    [InlineData("no-epilogues", "1", "--d1\r\nContent-Type: multipart/mixed; boundary=d2\r\n\r\n--d2\r\n\r\nleaf\r\n--d2--\r\n--d1--\r\n")] // both
    [InlineData("no-epilogues", "1.MIME", "Content-Type: multipart/mixed; boundary=d1\r\n\r\n")] // both
    [InlineData("no-epilogues", "1.1", "--d2\r\n\r\nleaf\r\n--d2--\r\n")] // both
    [InlineData("no-epilogues", "1.1.MIME", "Content-Type: multipart/mixed; boundary=d2\r\n\r\n")] // both
    [InlineData("no-epilogues", "1.1.1", "leaf")] // both
    [InlineData("no-epilogues", "1.1.1.MIME", "\r\n")] // both
    [InlineData("no-epilogues", "1.1.1.1", null)] // differ: Dovecot 4 bytes, Cyrus NIL
    public async Task Locates_what_both_servers_answer(string sample, string section, string? expected)
    {
        var message = MimeSamples.Get(sample);
        Assert.Equal(expected, await LocateAsync(message, section));
        Assert.Equal(expected, await LocateAsync(message, section, chunk: 1));
    }

    [Theory]
    // sample, why the MIME tree is dropped (then only the top-level HEADER stays derivable)
    [InlineData("boundary-prefix", "Dovecot takes \"--bx\" as boundary \"b\", Cyrus does not")]
    [InlineData("nested-prefix", "\"--abc\" also starts with the outer \"--ab\"")]
    [InlineData("two-content-types", "Dovecot uses the first Content-Type, Cyrus the last")]
    [InlineData("rfc2231-boundary", "Cyrus decodes boundary*=, Dovecot does not")]
    [InlineData("no-boundary", "multipart without boundary: Dovecot {0}, Cyrus the header as 1.MIME")]
    [InlineData("base64-message", "Dovecot makes a base64 message/rfc822 a leaf and keeps the CRLF")]
    [InlineData("message-header-only", "Dovecot keeps the CRLF before the boundary in a message without body")]
    [InlineData("part-header-at-boundary", "the blank line is also the boundary's CRLF: 2.MIME differs")]
    [InlineData("unclosed", "no close delimiter")]
    [InlineData("after-close", "the boundary comes back in the epilogue")]
    [InlineData("message-global", "message/global changes meaning between server versions")]
    [InlineData("bare-cr", "a bare CR")]
    public async Task An_unsure_tree_is_dropped(string sample, string why)
    {
        var message = MimeSamples.Get(sample);
        using var stream = new MemoryStream(message);
        var structure = await MimePartLocator.ScanAsync(stream, message.Length, tree: true);
        Assert.True(structure.Message is null, why);
        Assert.False(structure.TryLocate("1", out _, out _), why);
        Assert.False(structure.TryLocate("TEXT", out _, out _), why);
        Assert.True(structure.TryLocate("HEADER", out var start, out var length), why);
        Assert.Equal(0, start);
        Assert.Equal(Encoding.UTF8.GetString(message).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4, length);
    }

    [Theory]
    [InlineData("header-only")]
    [InlineData("bare-lf")]
    public async Task A_header_without_a_clean_end_declines_everything(string sample)
    {
        var message = MimeSamples.Get(sample);
        foreach (var section in new[] { "HEADER", "TEXT", "1", "1.MIME" })
        {
            Assert.Null(await LocateAsync(message, section));
        }
    }

    [Theory]
    [InlineData("report", "2", "Reporting-MTA: dns; x\r\n\r\nFinal-Recipient: rfc822; a@b")]
    [InlineData("report", "2.1", null)]
    [InlineData("report", "2.HEADER", null)]
    [InlineData("report", "3", "Subject: x\r\n")]
    [InlineData("folded-and-quoted", "1", "one")]
    [InlineData("folded-and-quoted", "2.HEADER", "Subject: in\r\n\r\n")]
    [InlineData("folded-and-quoted", "2.1", "x")]
    [InlineData("bare-cr", "TEXT", null)]
    [InlineData("bare-cr", "HEADER", "Subject: t\r\n\r\n")]
    [InlineData("large", "4", null)]
    [InlineData("large", "3.TEXT", "inner text")]
    [InlineData("large", "3.MIME", "Content-Type: message/rfc822\r\n\r\n")]
    public async Task Other_shapes(string sample, string section, string? expected) =>
        Assert.Equal(expected, await LocateAsync(MimeSamples.Get(sample), section));

    [Fact]
    public async Task Long_lines_are_located_across_buffers()
    {
        var message = MimeSamples.Get("large");
        var text = Encoding.ASCII.GetString(message);
        Assert.Equal(new string('x', 100 * 1024), await LocateAsync(message, "1", chunk: 7000));
        const string before = "filename=\"data.bin\"\r\n\r\n";
        var start = text.IndexOf(before, StringComparison.Ordinal) + before.Length;
        var end = text.IndexOf("\r\n------=_Part_0_12345.67890\r\nContent-Type: message/rfc822", StringComparison.Ordinal);
        Assert.Equal(text[start..end], await LocateAsync(message, "2"));
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("01")]
    [InlineData("0")]
    [InlineData("1..2")]
    [InlineData("MIME")]
    [InlineData("1.MIME.MIME")]
    [InlineData("HEADER.FIELDS (FROM)")]
    [InlineData("1.HEADER.FIELDS.NOT (FROM)")]
    [InlineData("9999999")]
    public async Task Only_known_section_forms_are_located(string section)
    {
        Assert.False(MimeStructure.IsLocatable(section));
        Assert.Null(await LocateAsync(MimeSamples.Get("mixed"), section));
    }

    [Fact]
    public async Task Deep_nesting_and_many_parts_are_declined()
    {
        Assert.Equal("leaf", await LocateAsync(Nested(10), string.Join('.', Enumerable.Repeat("1", 10))));
        Assert.Null(await LocateAsync(Nested(MimePartLocator.MaxDepth + 1), "1"));
        Assert.Equal("p", await LocateAsync(Many(MimePartLocator.MaxParts), MimePartLocator.MaxParts.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(await LocateAsync(Many(MimePartLocator.MaxParts + 1), "1"));

        static byte[] Nested(int depth)
        {
            var text = new StringBuilder("Subject: deep\r\n");
            for (var i = 0; i < depth; i++)
            {
                text.Append($"Content-Type: multipart/mixed; boundary=d{i}\r\n\r\n--d{i}\r\n");
            }

            text.Append("\r\nleaf\r\n");
            for (var i = depth - 1; i >= 0; i--)
            {
                text.Append($"--d{i}--\r\n");
            }

            return Encoding.ASCII.GetBytes(text.ToString());
        }

        static byte[] Many(int parts)
        {
            var text = new StringBuilder("Subject: many\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n");
            text.Insert(text.Length, "--m\r\n\r\np\r\n", parts);
            return Encoding.ASCII.GetBytes(text.Append("--m--\r\n").ToString());
        }
    }

    [Fact]
    public async Task A_stream_shorter_than_announced_declines_the_tree()
    {
        var message = MimeSamples.Get("mixed");
        using var stream = new MemoryStream(message, 0, message.Length - 10);
        var structure = await MimePartLocator.ScanAsync(stream, message.Length, tree: true);
        Assert.Null(structure.Message);
    }
}

/// <summary>A read-only stream that cannot seek and returns at most a given number of bytes per read.</summary>
internal sealed class TricklingStream(byte[] data, int chunk) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(Math.Min(buffer.Length, chunk), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
