using Gateway.Core.TrafficLog;
using static Gateway.Core.TrafficLog.TrafficDirection;

namespace Gateway.Core.Tests.TrafficLog;

public sealed class TrafficRecorderTests
{
    private const string Secret = "S3cr3t-pw";

    public static TheoryData<string, Exchange, string[]> SecretExchanges => new()
    {
        {
            "IMAP LOGIN atom", new Exchange(TrafficProtocol.Imap, (FromClient, $"a1 LOGIN alice {Secret}\r\n"), (ToClient, "a1 OK done\r\n")),
            ["C: a1 LOGIN alice ***", "S: a1 OK done"]
        },
        {
            "IMAP LOGIN quoted with escapes", new Exchange(TrafficProtocol.Imap, (FromClient, $"a1 login \"alice\" \"{Secret}\\\" \\\\x\"\r\n")),
            ["C: a1 login \"alice\" ***"]
        },
        {
            "IMAP LOGIN sync literals", new Exchange(
                TrafficProtocol.Imap,
                (FromClient, "a1 LOGIN {5}\r\n"),
                (ToClient, "+ go ahead\r\n"),
                (FromClient, "alice {9}\r\n"),
                (ToClient, "+ go ahead\r\n"),
                (FromClient, $"{Secret}\r\n"),
                (ToClient, "a1 OK logged in\r\n"),
                (FromClient, "a2 NOOP\r\n")),
            ["C: a1 LOGIN {5}", "S: + go ahead", "C: alice", "C:  {9}", "S: + go ahead", "C: ***", "S: a1 OK logged in", "C: a2 NOOP"]
        },
        {
            "IMAP LOGIN non-synchronising literal password", new Exchange(TrafficProtocol.Imap, (FromClient, $"a1 LOGIN alice {{9+}}\r\n{Secret}\r\na2 NOOP\r\n")),
            ["C: a1 LOGIN alice {9+}", "C: ***", "C: a2 NOOP"]
        },
        {
            "IMAP LOGIN to upstream", new Exchange(TrafficProtocol.Imap, (ToUpstream, $"A0001 LOGIN \"alice\" \"{Secret}\"\r\n"), (FromUpstream, "A0001 OK\r\n")),
            ["G: A0001 LOGIN \"alice\" ***", "U: A0001 OK"]
        },
        {
            "IMAP AUTHENTICATE PLAIN with SASL-IR", new Exchange(TrafficProtocol.Imap, (FromClient, "a1 AUTHENTICATE PLAIN AGFsaWNlAFMzY3IzdC1wdw==\r\n"), (ToClient, "a1 OK\r\n")),
            ["C: a1 AUTHENTICATE PLAIN ***", "S: a1 OK"]
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
            "SMTP AUTH LOGIN with 334s", new Exchange(
                TrafficProtocol.Smtp,
                (FromClient, "AUTH LOGIN YWxpY2U=\r\n"),
                (ToClient, "334 UGFzc3dvcmQ6\r\n"),
                (FromClient, "UzNjcjN0LXB3\r\n"),
                (ToClient, "535 5.7.8 failed\r\n"),
                (FromClient, "QUIT\r\n")),
            ["C: AUTH LOGIN ***", "S: 334 UGFzc3dvcmQ6", "C: ***", "S: 535 5.7.8 failed", "C: QUIT"]
        },
        {
            "FTP PASS", new Exchange(TrafficProtocol.Ftp, (FromClient, "USER alice\r\n"), (ToClient, "331 ok\r\n"), (FromClient, $"pass {Secret}\r\n"), (ToClient, "230 in\r\n")),
            ["C: USER alice", "S: 331 ok", "C: pass ***", "S: 230 in"]
        },
        {
            "POP3 PASS and APOP", new Exchange(TrafficProtocol.Pop3, (FromClient, $"PASS {Secret}\r\n"), (FromClient, "APOP alice c4c9334bac560ecc979e58001b3e22fb\r\n")),
            ["C: PASS ***", "C: APOP alice ***"]
        },
        {
            "POP3 AUTH PLAIN with continuation", new Exchange(TrafficProtocol.Pop3, (FromClient, "AUTH PLAIN\r\n"), (ToClient, "+ \r\n"), (FromClient, "AGFsaWNlAFMzY3IzdC1wdw==\r\n"), (ToClient, "+OK\r\n"), (FromClient, "STAT\r\n")),
            ["C: AUTH PLAIN", "S: + ", "C: ***", "S: +OK", "C: STAT"]
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
            Assert.True(expected.SequenceEqual(exchange.SplitAt(split)), $"{name}, split at {split}: {string.Join(" | ", exchange.SplitAt(split))}");
        }
    }

    [Theory]
    [MemberData(nameof(SecretExchanges))]
    public void Secrets_NeverAppearInTheLog(string name, Exchange exchange, string[] expected)
    {
        Assert.NotNull(expected);
        foreach (var line in exchange.ByteAtATime().Concat(exchange.Whole()))
        {
            Assert.DoesNotContain(Secret, line, StringComparison.Ordinal);
            Assert.DoesNotContain("AGFsaWNlAFMzY3IzdC1wdw==", line, StringComparison.Ordinal);
            Assert.DoesNotContain("UzNjcjN0LXB3", line, StringComparison.Ordinal);
            Assert.False(line.Contains("c4c9334bac", StringComparison.Ordinal), name);
        }
    }

    [Fact]
    public void LargeLiteral_IsSummarisedBySize_SmallOneIsShown()
    {
        var body = new string('x', 5000);
        var exchange = new Exchange(
            TrafficProtocol.Imap,
            (FromUpstream, $"* 1 FETCH (BODY[] {{{body.Length}}}\r\n{body} FLAGS (\\Seen))\r\n"),
            (FromUpstream, "* 2 FETCH (BODY[HEADER] {12}\r\nSubject: hi\n)\r\n"));

        Assert.Equal(
            ["U: * 1 FETCH (BODY[] {5000}", "U: <literal 5000 octets>", "U:  FLAGS (\\Seen))", "U: * 2 FETCH (BODY[HEADER] {12}", "U: Subject: hi\n", "U: )"],
            exchange.ByteAtATime());
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

        var lines = exchange.Whole();

        Assert.Equal(["C: DATA", "S: 354 go", "C: <message body 39 octets>", "C: .", "S: 250 ok"], lines);
    }

    [Fact]
    public void OverlongLine_KeepsStartAndEnd_AndStillFindsTheLiteral()
    {
        var set = string.Join(',', Enumerable.Range(1, 2000));
        var exchange = new Exchange(TrafficProtocol.Imap, (FromClient, $"a1 UID FETCH {set} (BODY[])\r\n"), (FromClient, $"a2 APPEND INBOX ({set}) {{3}}\r\nabc\r\n"));

        var lines = exchange.Whole();

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("C: a1 UID FETCH 1,2,3", lines[0], StringComparison.Ordinal);
        Assert.EndsWith($"(BODY[]) <line of {set.Length + 24} octets shortened>", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("{3}", lines[1], StringComparison.Ordinal);
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
    public void ByteCounters_CountEveryDirection_EvenWhenLoggingIsOff()
    {
        var recorder = new TrafficRecorder(NullTrafficSink.Instance, "s", TrafficProtocol.Imap, "r");

        recorder.Record(FromClient, "a1 NOOP\r\n"u8);
        recorder.Record(ToClient, "a1 OK\r\n"u8);
        recorder.Record(ToClient, "* 1 EXISTS\r\n"u8);

        Assert.Equal(9, recorder.BytesIn(FromClient));
        Assert.Equal(19, recorder.BytesIn(ToClient));
        Assert.Equal(0, recorder.BytesIn(ToUpstream));
    }

    [Fact]
    public void User_IsShownOnLinesAfterItIsKnown()
    {
        var sink = new MemoryTrafficSink();
        var recorder = new TrafficRecorder(sink, "s", TrafficProtocol.Imap, "r");

        recorder.Record(FromClient, "a1 NOOP\r\n"u8);
        recorder.User = "alice";
        recorder.Record(FromClient, "a2 NOOP\r\n"u8);

        Assert.Equal([null, "alice"], sink.Entries.Select(e => e.User));
    }
}
