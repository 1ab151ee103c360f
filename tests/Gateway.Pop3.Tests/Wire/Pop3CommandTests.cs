using Gateway.Pop3.Wire;

namespace Gateway.Pop3.Tests.Wire;

public sealed class Pop3CommandTests
{
    [Theory]
    [InlineData("RETR 1", "RETR", new[] { "1" })]
    [InlineData("retr 1", "RETR", new[] { "1" })]
    [InlineData("TOP 2 10", "TOP", new[] { "2", "10" })]
    [InlineData("AUTH ", "AUTH", new string[0])]
    [InlineData("  LIST\t 2  ", "LIST", new[] { "2" })]
    [InlineData("CAPA", "CAPA", new string[0])]
    [InlineData("", "", new string[0])]
    public void Parse_SplitsKeywordAndArguments(string line, string verb, string[] arguments)
    {
        var command = Pop3Command.Parse(line);
        Assert.Equal(verb, command.Verb);
        Assert.Equal(arguments, command.Arguments);
    }

    [Fact]
    public void Parse_Pass_KeepsSpacesOfThePassword()
    {
        var command = Pop3Command.Parse("PASS my secret  pw ");
        Assert.Equal("my secret  pw ", command.Rest);
    }

    [Theory]
    [InlineData("1", true, 1)]
    [InlineData("0", true, 0)]
    [InlineData("2147483647", true, int.MaxValue)]
    [InlineData("2147483648", false, 0)]
    [InlineData("99999999999", false, 0)]
    [InlineData("-1", false, 0)]
    [InlineData("+1", false, 0)]
    [InlineData(" 1", false, 0)]
    [InlineData("1a", false, 0)]
    [InlineData("\u0661", false, 0)]
    [InlineData("", false, 0)]
    public void TryParseNumber_AcceptsOnlyAsciiDigits(string text, bool ok, int value)
    {
        Assert.Equal(ok, Pop3Command.TryParseNumber(text, out var parsed));
        if (ok)
        {
            Assert.Equal(value, parsed);
        }
    }

    [Theory]
    [InlineData("PASS secret", "PASS ***")]
    [InlineData("APOP alice 0123456789abcdef", "APOP ***")]
    [InlineData("AUTH PLAIN AGFsaWNlAGFsaWNlcHc=", "AUTH PLAIN ***")]
    [InlineData("AUTH PLAIN", "AUTH PLAIN")]
    [InlineData("retr 3", "RETR 3")]
    public void ToSanitizedString_HidesSecrets(string line, string expected) =>
        Assert.Equal(expected, Pop3Command.Parse(line).ToSanitizedString());
}
