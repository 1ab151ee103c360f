using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Imap.Wire;

namespace Gateway.Imap.Tests.Wire;

public sealed class ImapTokenizerTests
{
    private static List<ImapToken> Tokens(string line)
    {
        var tokens = new List<ImapToken>();
        Assert.True(ImapTokenizer.TryTokenize(Encoding.UTF8.GetBytes(line), tokens, out var error), error);
        return tokens;
    }

    [Fact]
    public void Tokenize_AtomsQuotedListsAndLiteral()
    {
        var tokens = Tokens("a1 APPEND \"Elementos enviados\" (\\Seen $Label) {42+}");

        Assert.Equal(
            [
                new(ImapTokenKind.Atom, "a1"), new(ImapTokenKind.Atom, "APPEND"), new(ImapTokenKind.QuotedString, "Elementos enviados"),
                new(ImapTokenKind.ListOpen, "("), new(ImapTokenKind.Atom, "\\Seen"), new(ImapTokenKind.Atom, "$Label"),
                new(ImapTokenKind.ListClose, ")"), new ImapToken(ImapTokenKind.Literal, "42"),
            ],
            tokens);
    }

    [Fact]
    public void Tokenize_QuotedEscapesAndEightBit()
    {
        var tokens = Tokens("a1 LOGIN \"j\\\"o\\\\e\" \"Calendário\"");

        Assert.Equal("j\"o\\e", tokens[2].Value);
        Assert.Equal("Calendário", tokens[3].Value);
    }

    [Theory]
    [InlineData("a1 LOGIN \"unterminated")]
    [InlineData("a1 LOGIN \"bad \\x escape\"")]
    [InlineData("a1 LOGIN {5} trailing")]
    [InlineData("a1 LOGIN {abc}")]
    [InlineData("a1 NO\u0001OP")]
    public void Tokenize_Malformed_IsRefusedWithAReason(string line)
    {
        var tokens = new List<ImapToken>();

        Assert.False(ImapTokenizer.TryTokenize(Encoding.UTF8.GetBytes(line), tokens, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Property]
    public Property Quoting_ThenTokenizing_GivesTheSameString(NonNull<string> value)
    {
        var text = new string(value.Get.Where(c => !char.IsSurrogate(c)).ToArray());
        var written = ImapQuoting.AString(text, literalPlus: true);
        var tokens = new List<ImapToken>();
        string parsed;
        if (written.StartsWith('{'))
        {
            var end = written.IndexOf("\r\n", StringComparison.Ordinal);
            Assert.True(ImapTokenizer.TryTokenize(Encoding.UTF8.GetBytes(written[..end]), tokens, out _));
            Assert.Equal(Encoding.UTF8.GetByteCount(text).ToString(System.Globalization.CultureInfo.InvariantCulture), tokens[0].Value);
            parsed = written[(end + 2)..];
        }
        else
        {
            Assert.True(ImapTokenizer.TryTokenize(Encoding.UTF8.GetBytes(written), tokens, out _));
            parsed = Assert.Single(tokens).Value;
        }

        return (parsed == text).Label($"{text} -> {written} -> {parsed}");
    }
}
