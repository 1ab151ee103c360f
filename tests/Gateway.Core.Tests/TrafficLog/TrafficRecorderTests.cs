using System.Text;
using Gateway.Core.TrafficLog;
using static Gateway.Core.TrafficLog.TrafficDirection;

namespace Gateway.Core.Tests.TrafficLog;

public sealed class TrafficRecorderTests
{
    private const string Secret = "S3cr3t-pw";

    /// <summary>Strings that are (parts of) secrets in <see cref="SecretExchanges"/>; none may be logged.</summary>
    private static readonly string[] Forbidden =
    [
        Secret, "secret1", "AGFsaWNlAFMzY3IzdC1wdw", "UzNjcjN0LXB3", "c4c9334bac", "c2VjcmV0MQ", "YWxpY2UgYjkx", "YWxpY2U=",
    ];

    public static TheoryData<string, Exchange, string[]> SecretExchanges => new()
    {
        {
            "IMAP LOGIN atom", new Exchange(TrafficProtocol.Imap, (FromClient, $"a1 LOGIN alice {Secret}\r\n"), (ToClient, "a1 OK done\r\n")),
            ["C: a1 LOGIN alice ***", "S: a1 OK done"]
        },
        {
            "IMAP LOGIN mixed case, bare LF", new Exchange(TrafficProtocol.Imap, (FromClient, "a1 Login alice secret1\n"), (ToClient, "a1 OK\n")),
            ["C: a1 Login alice ***", "S: a1 OK"]
        },
        {
            "IMAP LOGIN quoted with escapes", new Exchange(TrafficProtocol.Imap, (FromClient, $"a1 login \"alice\" \"{Secret}\\\" \\\\x\"\r\n")),
            ["C: a1 login \"alice\" ***"]
        },
        {
            "IMAP LOGIN quoted with spaces", new Exchange(TrafficProtocol.Imap, (FromClient, "a1 LOGIN \"alice smith\" \"secret1 and more\"\r\n"), (FromClient, "a2 NOOP\r\n")),
            ["C: a1 LOGIN \"alice smith\" ***", "C: a2 NOOP"]
        },
        {
            "IMAP LOGIN sync literals", new Exchange(
                TrafficProtocol.Imap,
                (FromClient, "a1 LOGIN {5}\r\n"),
                (ToClient, "+ go ahead\r\n"),
                (FromClient, "alice {7}\r\n"),
                (ToClient, "+ go ahead\r\n"),
                (FromClient, "secret1\r\n"),
                (ToClient, "a1 OK logged in\r\n"),
                (FromClient, "a2 NOOP\r\n")),
            ["C: a1 LOGIN {5}", "S: + go ahead", "C: alice", "C:  {7}", "S: + go ahead", "C: ***", "S: a1 OK logged in", "C: a2 NOOP"]
        },
        {
            "IMAP LOGIN non-synchronising literals", new Exchange(TrafficProtocol.Imap, (FromClient, "a1 LOGIN {5+}\r\nalice {7+}\r\nsecret1\r\na2 NOOP\r\n")),
            ["C: a1 LOGIN {5+}", "C: alice", "C:  {7+}", "C: ***", "C: a2 NOOP"]
        },
        {
            "IMAP LOGIN literal8 password", new Exchange(TrafficProtocol.Imap, (FromClient, "a1 LOGIN alice ~{7}\r\n"), (ToClient, "+ ok\r\n"), (FromClient, "secret1\r\n"), (ToClient, "a1 OK\r\n")),
            ["C: a1 LOGIN alice ~{7}", "S: + ok", "C: ***", "S: a1 OK"]
        },
        {
            "IMAP LOGIN to upstream", new Exchange(TrafficProtocol.Imap, (ToUpstream, $"A0001 LOGIN \"alice\" \"{Secret}\"\r\n"), (FromUpstream, "A0001 OK\r\n")),
            ["G: A0001 LOGIN \"alice\" ***", "U: A0001 OK"]
        },
        {
            "IMAP refused literal, then LOGIN", new Exchange(
                TrafficProtocol.Imap,
                (FromClient, "a1 APPEND Drafts {40}\r\n"),
                (ToClient, "a1 NO [TRYCREATE] no such mailbox\r\n"),
                (FromClient, "a2 LOGIN alice secret1\r\na3 SELECT INBOX\r\n")),
            ["C: a1 APPEND Drafts {40}", "S: a1 NO [TRYCREATE] no such mailbox", "C: a2 LOGIN alice ***", "C: a3 SELECT INBOX"]
        },
        {
            "IMAP AUTHENTICATE PLAIN with SASL-IR", new Exchange(TrafficProtocol.Imap, (FromClient, "a1 AUTHENTICATE PLAIN AGFsaWNlAFMzY3IzdC1wdw==\r\n"), (ToClient, "a1 OK\r\n")),
            ["C: a1 AUTHENTICATE PLAIN ***", "S: a1 OK"]
        },
        {
            "IMAP AUTHENTICATE PLAIN upstream, untagged lines before the completion", new Exchange(
                TrafficProtocol.Imap,
                (ToUpstream, "A0001 AUTHENTICATE PLAIN\r\n"),
                (FromUpstream, "+ \r\n"),
                (ToUpstream, "AGFsaWNlAFMzY3IzdC1wdw==\r\n"),
                (FromUpstream, "* CAPABILITY IMAP4rev1\r\nA0001 OK done\r\n"),
                (ToUpstream, "A0002 LIST \"\" *\r\n")),
            ["G: A0001 AUTHENTICATE PLAIN", "U: + ", "G: ***", "U: * CAPABILITY IMAP4rev1", "U: A0001 OK done", "G: A0002 LIST \"\" *"]
        },
        {
            "IMAP AUTHENTICATE LOGIN, every continuation", new Exchange(
                TrafficProtocol.Imap,
                (FromClient, "a1 authenticate LOGIN\r\n"),
                (ToClient, "+ VXNlcm5hbWU6\r\n"),
                (FromClient, "YWxpY2U=\r\n"),
                (ToClient, "+ UGFzc3dvcmQ6\r\n"),
                (FromClient, "UzNjcjN0LXB3\r\n"),
                (ToClient, "a1 OK\r\n"),
                (FromClient, "a2 SELECT INBOX\r\n")),
            ["C: a1 authenticate LOGIN", "S: + VXNlcm5hbWU6", "C: ***", "S: + UGFzc3dvcmQ6", "C: ***", "S: a1 OK", "C: a2 SELECT INBOX"]
        },
        {
            "IMAP AUTHENTICATE cancelled", new Exchange(TrafficProtocol.Imap, (FromClient, "a1 AUTHENTICATE PLAIN\r\n"), (ToClient, "+ \r\n"), (FromClient, "*\r\n"), (ToClient, "a1 BAD cancelled\r\n")),
            ["C: a1 AUTHENTICATE PLAIN", "S: + ", "C: *", "S: a1 BAD cancelled"]
        },
        {
            "SMTP AUTH PLAIN inline", new Exchange(TrafficProtocol.Smtp, (FromClient, "AUTH PLAIN AGFsaWNlAFMzY3IzdC1wdw==\r\n"), (ToClient, "235 2.7.0 ok\r\n")),
            ["C: AUTH PLAIN ***", "S: 235 2.7.0 ok"]
        },
        {
            "SMTP AUTH PLAIN on the next line", new Exchange(TrafficProtocol.Smtp, (FromClient, "auth plain\r\n"), (ToClient, "334 \r\n"), (FromClient, "AGFsaWNlAFMzY3IzdC1wdw==\r\n"), (ToClient, "235 ok\r\n"), (FromClient, "MAIL FROM:<a@b>\r\n")),
            ["C: auth plain", "S: 334 ", "C: ***", "S: 235 ok", "C: MAIL FROM:<a@b>"]
        },
        {
            "SMTP AUTH LOGIN with initial response", new Exchange(
                TrafficProtocol.Smtp,
                (FromClient, "AUTH LOGIN YWxpY2U=\r\n"),
                (ToClient, "334 UGFzc3dvcmQ6\r\n"),
                (FromClient, "UzNjcjN0LXB3\r\n"),
                (ToClient, "535 5.7.8 failed\r\n"),
                (FromClient, "QUIT\r\n")),
            ["C: AUTH LOGIN ***", "S: 334 UGFzc3dvcmQ6", "C: ***", "S: 535 5.7.8 failed", "C: QUIT"]
        },
        {
            "SMTP AUTH LOGIN with two 334s, upstream", new Exchange(
                TrafficProtocol.Smtp,
                (ToUpstream, "AUTH LOGIN\r\n"),
                (FromUpstream, "334 VXNlcm5hbWU6\r\n"),
                (ToUpstream, "YWxpY2U=\r\n"),
                (FromUpstream, "334 UGFzc3dvcmQ6\r\n"),
                (ToUpstream, "c2VjcmV0MQ==\r\n"),
                (FromUpstream, "235 2.7.0 Authentication successful\r\n"),
                (ToUpstream, "MAIL FROM:<alice@example.com>\r\n")),
            ["G: AUTH LOGIN", "U: 334 VXNlcm5hbWU6", "G: ***", "U: 334 UGFzc3dvcmQ6", "G: ***", "U: 235 2.7.0 Authentication successful", "G: MAIL FROM:<alice@example.com>"]
        },
        {
            "SMTP pipelined RSET and AUTH, 334 after another reply", new Exchange(
                TrafficProtocol.Smtp,
                (FromClient, "RSET\r\nAUTH LOGIN\r\n"),
                (ToClient, "250 ok\r\n334 VXNlcm5hbWU6\r\n"),
                (FromClient, "YWxpY2U=\r\n"),
                (ToClient, "334 UGFzc3dvcmQ6\r\n"),
                (FromClient, "c2VjcmV0MQ==\r\n"),
                (ToClient, "235 ok\r\n")),
            ["C: RSET", "C: AUTH LOGIN", "S: 250 ok", "S: 334 VXNlcm5hbWU6", "C: ***", "S: 334 UGFzc3dvcmQ6", "C: ***", "S: 235 ok"]
        },
        {
            "SMTP AUTH CRAM-MD5", new Exchange(
                TrafficProtocol.Smtp,
                (FromClient, "AUTH CRAM-MD5\r\n"),
                (ToClient, "334 PDQxOTI5NDIzNDEuMTI4Mjg0NzJAc291cmNlZm91ci5hbmRyZXcuY211LmVkdT4=\r\n"),
                (FromClient, "YWxpY2UgYjkxM2E2MDJjN2VkYTdhNDk1YjRlNmU3MzM0ZDM4OTA=\r\n"),
                (ToClient, "235 ok\r\n")),
            ["C: AUTH CRAM-MD5", "S: 334 PDQxOTI5NDIzNDEuMTI4Mjg0NzJAc291cmNlZm91ci5hbmRyZXcuY211LmVkdT4=", "C: ***", "S: 235 ok"]
        },
        {
            "SMTP AUTH cancelled", new Exchange(TrafficProtocol.Smtp, (FromClient, "AUTH LOGIN\r\n"), (ToClient, "334 VXNlcm5hbWU6\r\n"), (FromClient, "*\r\n"), (ToClient, "501 cancelled\r\n"), (FromClient, "NOOP\r\n")),
            ["C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: *", "S: 501 cancelled", "C: NOOP"]
        },
        {
            "SMTP pipelined DATA, body counted", new Exchange(
                TrafficProtocol.Smtp,
                (FromClient, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"),
                (ToClient, "250 ok\r\n250 ok\r\n354 go ahead\r\n"),
                (FromClient, "Subject: secret1\r\n\r\n..dot-stuffed\r\n.\r\nQUIT\r\n"),
                (ToClient, "250 queued\r\n")),
            ["C: MAIL FROM:<a@b>", "C: RCPT TO:<c@d>", "C: DATA", "S: 250 ok", "S: 250 ok", "S: 354 go ahead", "C: <message body 35 octets>", "C: .", "C: QUIT", "S: 250 queued"]
        },
        {
            "SMTP BDAT chunk counted", new Exchange(TrafficProtocol.Smtp, (FromClient, "BDAT 20 LAST\r\nSubject: secret1\r\n\r\n"), (ToClient, "250 ok\r\n"), (FromClient, "QUIT\r\n")),
            ["C: BDAT 20 LAST", "C: <message body 20 octets>", "S: 250 ok", "C: QUIT"]
        },
        {
            "FTP PASS", new Exchange(TrafficProtocol.Ftp, (FromClient, "USER alice\r\n"), (ToClient, "331 ok\r\n"), (FromClient, $"pass {Secret}\r\n"), (ToClient, "230 in\r\n")),
            ["C: USER alice", "S: 331 ok", "C: pass ***", "S: 230 in"]
        },
        {
            "FTP ACCT and ADAT, AUTH TLS visible", new Exchange(TrafficProtocol.Ftp, (FromClient, "AUTH TLS\r\n"), (FromClient, "ACCT secret1\r\n"), (ToUpstream, "ADAT c2VjcmV0MQ==\r\n")),
            ["C: AUTH TLS", "C: ACCT ***", "G: ADAT ***"]
        },
        {
            "POP3 PASS and APOP", new Exchange(TrafficProtocol.Pop3, (FromClient, $"PASS {Secret}\r\n"), (FromClient, "apop alice c4c9334bac560ecc979e58001b3e22fb\r\n")),
            ["C: PASS ***", "C: apop alice ***"]
        },
        {
            "POP3 AUTH PLAIN with continuation", new Exchange(TrafficProtocol.Pop3, (FromClient, "AUTH PLAIN\r\n"), (ToClient, "+ \r\n"), (FromClient, "AGFsaWNlAFMzY3IzdC1wdw==\r\n"), (ToClient, "+OK\r\n"), (FromClient, "STAT\r\n")),
            ["C: AUTH PLAIN", "S: + ", "C: ***", "S: +OK", "C: STAT"]
        },
        {
            "POP3 AUTH PLAIN with initial response", new Exchange(TrafficProtocol.Pop3, (FromClient, "AUTH PLAIN AGFsaWNlAFMzY3IzdC1wdw==\r\n"), (ToClient, "+OK maildrop locked\r\n"), (FromClient, "STAT\r\n")),
            ["C: AUTH PLAIN ***", "S: +OK maildrop locked", "C: STAT"]
        },
        {
            "POP3 AUTH LOGIN two steps", new Exchange(
                TrafficProtocol.Pop3,
                (ToUpstream, "AUTH LOGIN\r\n"),
                (FromUpstream, "+ VXNlcm5hbWU6\r\n"),
                (ToUpstream, "YWxpY2U=\r\n"),
                (FromUpstream, "+ UGFzc3dvcmQ6\r\n"),
                (ToUpstream, "c2VjcmV0MQ==\r\n"),
                (FromUpstream, "-ERR [AUTH] failed\r\n"),
                (ToUpstream, "QUIT\r\n")),
            ["G: AUTH LOGIN", "U: + VXNlcm5hbWU6", "G: ***", "U: + UGFzc3dvcmQ6", "G: ***", "U: -ERR [AUTH] failed", "G: QUIT"]
        },
        {
            "POP3 pipelined RETR, body counted", new Exchange(
                TrafficProtocol.Pop3,
                (FromClient, "STAT\r\nRETR 1\r\nNOOP\r\n"),
                (ToClient, "+OK 1 100\r\n+OK 25 octets\r\nSubject: secret1\r\n..dot\r\n.\r\n+OK\r\n")),
            ["C: STAT", "C: RETR 1", "C: NOOP", "S: +OK 1 100", "S: +OK 25 octets", "S: <message body 25 octets>", "S: .", "S: +OK"]
        },
    };

    [Theory]
    [MemberData(nameof(SecretExchanges))]
    public void Secrets_AreRedacted_WholeOrByteAtATime(string name, Exchange exchange, string[] expected)
    {
        Assert.True(expected.Length > 0, name);
        Assert.Equal(expected, exchange.Whole());
        Assert.Equal(expected, exchange.ByteAtATime());
    }

    [Theory]
    [MemberData(nameof(SecretExchanges))]
    public void Secrets_AreRedacted_AtEverySplitPoint(string name, Exchange exchange, string[] expected)
    {
        for (var split = 0; split <= exchange.LongestStep; split++)
        {
            var actual = exchange.SplitAt(split);
            Assert.True(expected.SequenceEqual(actual), $"{name}, split at {split}: {string.Join(" | ", actual)}");
        }
    }

    [Theory]
    [MemberData(nameof(SecretExchanges))]
    public void Secrets_NeverAppearInTheLog(string name, Exchange exchange, string[] expected)
    {
        Assert.NotNull(expected);
        var log = string.Join('\n', exchange.ByteAtATime().Concat(exchange.Whole()));
        foreach (var secret in Forbidden)
        {
            Assert.False(log.Contains(secret, StringComparison.Ordinal), $"{name}: {secret} in {log}");
        }
    }

    [Theory]
    [InlineData(TrafficProtocol.Imap, "a1 CAPABILITY")]
    [InlineData(TrafficProtocol.Imap, "a2 SELECT \"Sent Items\"")]
    [InlineData(TrafficProtocol.Imap, "a3 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")]
    [InlineData(TrafficProtocol.Imap, "a4 ID (\"name\" \"Outlook\")")]
    [InlineData(TrafficProtocol.Imap, "LOGIN alice")]
    [InlineData(TrafficProtocol.Smtp, "EHLO client.example.com")]
    [InlineData(TrafficProtocol.Smtp, "MAIL FROM:<alice@example.com> SIZE=1000")]
    [InlineData(TrafficProtocol.Smtp, "RCPT TO:<bob@example.com>")]
    [InlineData(TrafficProtocol.Ftp, "USER alice")]
    [InlineData(TrafficProtocol.Ftp, "RETR alice.vfb")]
    [InlineData(TrafficProtocol.Ftp, "PASV")]
    [InlineData(TrafficProtocol.Pop3, "USER alice")]
    [InlineData(TrafficProtocol.Pop3, "UIDL")]
    [InlineData(TrafficProtocol.Pop3, "AUTH")]
    public void NormalCommands_AreLoggedUnchanged(TrafficProtocol protocol, string command)
    {
        var exchange = new Exchange(protocol, (FromClient, command + "\r\n"), (ToClient, "+OK done\r\n"), (FromClient, command + "\r\n"));

        Assert.Equal([$"C: {command}", "S: +OK done", $"C: {command}"], exchange.ByteAtATime());
    }

    [Fact]
    public void LargeLiteral_IsSummarisedBySize_SmallOneIsShownEscaped()
    {
        var body = new string('x', 5000);
        var exchange = new Exchange(
            TrafficProtocol.Imap,
            (FromUpstream, $"* 1 FETCH (BODY[] {{{body.Length}}}\r\n{body} FLAGS (\\Seen))\r\n"),
            (FromUpstream, "* 2 FETCH (BODY[HEADER] {13}\r\nSubject: hi\r\n)\r\n"));

        Assert.Equal(
            ["U: * 1 FETCH (BODY[] {5000}", "U: <literal 5000 octets>", "U:  FLAGS (\\Seen))", "U: * 2 FETCH (BODY[HEADER] {13}", "U: Subject: hi\\r\\n", "U: )"],
            exchange.ByteAtATime());
    }

    [Fact]
    public void LargeAppendLiteral_FromClient_IsOneEntry()
    {
        const int size = 20 * 1024 * 1024;
        var sink = new MemoryTrafficSink();
        var recorder = new TrafficRecorder(sink, "s", TrafficProtocol.Imap, "r");
        recorder.Record(FromClient, Encoding.ASCII.GetBytes($"a5 APPEND Sent (\\Seen) {{{size}+}}\r\n"));
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)'\n');
        for (var sent = 0; sent < size; sent += chunk.Length)
        {
            recorder.Record(FromClient, chunk.AsSpan(0, Math.Min(chunk.Length, size - sent)));
        }

        recorder.Record(FromClient, "\r\na6 NOOP\r\n"u8);

        Assert.Equal(["C: a5 APPEND Sent (\\Seen) {20971520+}", "C: <literal 20971520 octets>", "C: a6 NOOP"], sink.Lines);
    }

    [Fact]
    public void SmtpMessageBody_IsCountedNotLogged()
    {
        var exchange = new Exchange(
            TrafficProtocol.Smtp,
            (FromClient, "DATA\r\n"),
            (ToClient, "354 go\r\n"),
            (FromClient, "Subject: private\r\n\r\nconfidential text\r\n.\r\n"),
            (ToClient, "250 ok\r\n"));

        Assert.Equal(["C: DATA", "S: 354 go", "C: <message body 39 octets>", "C: .", "S: 250 ok"], exchange.Whole());
    }

    [Fact]
    public void SmtpDataRefused_NextLinesAreLogged()
    {
        var exchange = new Exchange(TrafficProtocol.Smtp, (FromClient, "DATA\r\n"), (ToClient, "554 no valid recipients\r\n"), (FromClient, "QUIT\r\n"));

        Assert.Equal(["C: DATA", "S: 554 no valid recipients", "C: QUIT"], exchange.Whole());
    }

    [Fact]
    public void OverlongLine_KeepsStartAndEnd_AndStillFindsTheLiteral()
    {
        var set = string.Join(',', Enumerable.Range(1, 2000));
        var exchange = new Exchange(TrafficProtocol.Imap, (FromClient, $"a1 UID FETCH {set} (BODY[])\r\n"), (FromClient, $"a2 APPEND INBOX ({set}) {{3}}\r\nabc\r\n"));

        var lines = exchange.Whole();

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("C: a1 UID FETCH 1,2,3", lines[0], StringComparison.Ordinal);
        Assert.Contains("…", lines[0], StringComparison.Ordinal);
        Assert.EndsWith($"(BODY[]) <line of {set.Length + 24} octets shortened>", lines[0], StringComparison.Ordinal);
        Assert.True(lines[0].Length < TrafficRecorder.MaxLineBytes + 100, "shortened");
        Assert.Contains("{3} <line of", lines[1], StringComparison.Ordinal);
        Assert.Equal("C: abc", lines[2]);
    }

    [Fact]
    public void OverlongLoginLine_RedactsEverythingAfterTheCommand()
    {
        var padding = new string('p', 5000);
        var exchange = new Exchange(TrafficProtocol.Imap, (FromClient, $"a1 LOGIN {padding} {Secret}\r\n"));

        var line = Assert.Single(exchange.Whole());

        Assert.StartsWith("C: a1 LOGIN ***", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, line, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlongLoginLine_WithLiteralPassword_RedactsTheLiteral()
    {
        var padding = new string('p', 5000);
        var exchange = new Exchange(TrafficProtocol.Imap, (FromClient, $"a1 LOGIN {padding} {{7+}}\r\nsecret1\r\na2 NOOP\r\n"));

        var lines = exchange.ByteAtATime();

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("C: a1 LOGIN ***", lines[0], StringComparison.Ordinal);
        Assert.Equal(["C: ***", "C: a2 NOOP"], lines[1..]);
    }

    [Fact]
    public void InvalidUtf8AndControlCharacters_AreEscaped_OneEntryPerLine()
    {
        var sink = new MemoryTrafficSink();
        var recorder = new TrafficRecorder(sink, "s", TrafficProtocol.Imap, "r");

        recorder.Record(FromClient, [.. "a1 SELECT \"Entwürfe\" "u8, 0xFF, 0xC3, (byte)' ', 0x01, 0x7F, (byte)'\r', (byte)'x', (byte)'\r', (byte)'\n']);

        Assert.Equal(["C: a1 SELECT \"Entwürfe\" \\xFF\\xC3 \\x01\\x7F\\rx"], sink.Lines);
    }

    [Fact]
    public void ByteCounters_CountEveryDirection_EvenWhenLoggingIsOff()
    {
        var recorder = new TrafficRecorder(NullTrafficSink.Instance, "s", TrafficProtocol.Imap, "r");

        recorder.Record(FromClient, "a1 NOOP\r\n"u8);
        recorder.Record(ToClient, "a1 OK\r\n"u8);
        recorder.Record(ToClient, "* 1 EXISTS\r\n"u8);
        recorder.Record(ToUpstream, "A1 NOOP\r\n"u8);
        recorder.Record(FromUpstream, "A1 OK\r"u8);

        Assert.Equal(9, recorder.BytesFromClient);
        Assert.Equal(19, recorder.BytesToClient);
        Assert.Equal(9, recorder.BytesToUpstream);
        Assert.Equal(6, recorder.BytesFromUpstream);
        Assert.Equal(19, recorder.BytesIn(ToClient));
    }

    [Fact]
    public void User_IsShownOnLinesAfterItIsKnown_WithEveryField()
    {
        var sink = new MemoryTrafficSink();
        var time = new Upstream.FakeTimeProvider();
        var recorder = new TrafficRecorder(sink, "7f3a", TrafficProtocol.Imap, "127.0.0.1:50123", time);

        recorder.Record(FromClient, "a1 NOOP\r\n"u8);
        recorder.User = "alice";
        recorder.Record(ToUpstream, "a2 NOOP\r\n"u8);

        Assert.Equal(
            [
                new TrafficEntry(time.GetUtcNow(), "7f3a", TrafficProtocol.Imap, null, "127.0.0.1:50123", FromClient, "a1 NOOP"),
                new TrafficEntry(time.GetUtcNow(), "7f3a", TrafficProtocol.Imap, "alice", "127.0.0.1:50123", ToUpstream, "a2 NOOP"),
            ],
            sink.Entries);
    }

    [Fact]
    public void IncompleteLine_IsHeldUntilItsEnd()
    {
        var sink = new MemoryTrafficSink();
        var recorder = new TrafficRecorder(sink, "s", TrafficProtocol.Ftp, "r");

        recorder.Record(FromClient, "PASS secr"u8);
        Assert.Empty(sink.Entries);
        recorder.Record(FromClient, "et1\r\n"u8);

        Assert.Equal(["C: PASS ***"], sink.Lines);
    }
}
