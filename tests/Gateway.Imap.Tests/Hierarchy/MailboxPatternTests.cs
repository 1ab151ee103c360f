using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Tests.Hierarchy;

public sealed class MailboxPatternTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "a/b/c", true)]
    [InlineData("%", "a", true)]
    [InlineData("%", "a/b", false)]
    [InlineData("a/%", "a/b", true)]
    [InlineData("a/%", "a/b/c", false)]
    [InlineData("a/%/c", "a/b/c", true)]
    [InlineData("a*c", "a/b/c", true)]
    [InlineData("a%c", "a/b/c", false)]
    [InlineData("%/%", "a/b", true)]
    [InlineData("INBOX", "INBOX", true)]
    [InlineData("INBOX", "inbox", false)]
    [InlineData("Cal*", "Calendar", true)]
    [InlineData("cal*", "Calendar", false)]
    [InlineData("*%*%*", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", true)]
    [InlineData("%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%/x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/y", false)]
    [InlineData("日*", "日历", true)]
    public void Matches_FollowsRfc3501(string pattern, string name, bool expected) =>
        Assert.Equal(expected, new MailboxPattern(pattern, '/').Matches(name));

    [Theory]
    [InlineData("%", "INBOX", true)]
    [InlineData("%", "INBOX/", false)]
    [InlineData("INBOX/%", "INBOX/", true)]
    [InlineData("Other Users/*", "Other", true)]
    [InlineData("Other Users/*", "Shared", false)]
    [InlineData("*", "anything", true)]
    public void CouldMatchStartingWith_IsTrueWhenSomeNameWithThePrefixCouldMatch(string pattern, string prefix, bool expected) =>
        Assert.Equal(expected, new MailboxPattern(pattern, '/').CouldMatchStartingWith(prefix));

    [Fact]
    public void Percent_StopsAtTheGivenDelimiter() => Assert.False(new MailboxPattern("INBOX.%", '.').Matches("INBOX.a.b"));
}
