using Gateway.Core.TrafficLog;

namespace Gateway.Core.Tests.TrafficLog;

public sealed class TrafficRedactorTests
{
    [Theory]
    [InlineData(TrafficProtocol.Imap, "a1 LOGIN alice secret1", "a1 LOGIN alice ***")]
    [InlineData(TrafficProtocol.Imap, "a1 login \"alice\" \"secret1\"\r\n", "a1 login \"alice\" ***")]
    [InlineData(TrafficProtocol.Imap, "a1 LOGIN alice {7+}\r\nsecret1", "a1 LOGIN alice {7+} | ***")]
    [InlineData(TrafficProtocol.Imap, "a1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldDE=", "a1 AUTHENTICATE PLAIN ***")]
    [InlineData(TrafficProtocol.Imap, "a2 SELECT INBOX", "a2 SELECT INBOX")]
    [InlineData(TrafficProtocol.Smtp, "AUTH PLAIN AGFsaWNlAHNlY3JldDE=", "AUTH PLAIN ***")]
    [InlineData(TrafficProtocol.Smtp, "MAIL FROM:<a@b>", "MAIL FROM:<a@b>")]
    [InlineData(TrafficProtocol.Ftp, "PASS secret1", "PASS ***")]
    [InlineData(TrafficProtocol.Pop3, "APOP alice c4c9334bac560ecc979e58001b3e22fb", "APOP alice ***")]
    public void Redact_HidesSecretsOfOneCommand(TrafficProtocol protocol, string line, string expected)
    {
        Assert.Equal(expected, TrafficRedactor.Redact(protocol, line));
    }
}
