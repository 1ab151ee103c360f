using System.Text;
using Gateway.Imap.Session;

namespace Gateway.Imap.Tests.Session;

public sealed class ImapRelayParsingTests
{
    [Theory]
    [InlineData("a1 NOOP", "a1", "NOOP")]
    [InlineData("A0001 uid fetch 1:* (FLAGS)", "A0001", "FETCH")]
    [InlineData("x.y select INBOX", "x.y", "SELECT")]
    [InlineData("DONE", "", "DONE")]
    [InlineData("done", "", "DONE")]
    public void TryParseCommand_TagAndName(string line, string tag, string name)
    {
        Assert.True(ImapRelay.TryParseCommand(Encoding.ASCII.GetBytes(line), out var parsedTag, out var parsedName));
        Assert.Equal(tag, parsedTag);
        Assert.Equal(name, parsedName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NOOP")]
    [InlineData("a+1 NOOP")]
    [InlineData("a1 ")]
    [InlineData("* NOOP")]
    public void TryParseCommand_Invalid(string line) =>
        Assert.False(ImapRelay.TryParseCommand(Encoding.ASCII.GetBytes(line), out _, out _));
}
