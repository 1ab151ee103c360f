using Gateway.Core.Configuration;
using Gateway.Smtp.Front;

namespace Gateway.Smtp.Tests.Front;

public sealed class SenderPolicyTests
{
    private static readonly SenderPolicy Policy = new(new SmtpOptions
    {
        LocalDomains = ["lab.test", "example.org"],
        SenderAliases = new Dictionary<string, IReadOnlyList<string>> { ["alice"] = ["sales@example.org", "a.smith@other.test"] },
    });

    [Theory]
    [InlineData("alice", "alice@lab.test")]
    [InlineData("alice", "ALICE@Lab.Test")]
    [InlineData("alice", "alice@example.org")]
    [InlineData("alice", "sales@example.org")]
    [InlineData("Alice", "a.smith@other.test")]
    [InlineData("bob@lab.test", "bob@lab.test")]
    public void IsAllowed_OwnAddress_True(string login, string address) => Assert.True(Policy.IsAllowed(login, address));

    [Theory]
    [InlineData("alice", "bob@lab.test")]
    [InlineData("alice", "alice@elsewhere.test")]
    [InlineData("alice", "alice@lab.test.evil")]
    [InlineData("alice", "xalice@lab.test")]
    [InlineData("alice", "")]
    [InlineData("bob", "sales@example.org")]
    [InlineData("bob@lab.test", "bob@example.org")]
    [InlineData("ali", "alice@lab.test")]
    public void IsAllowed_SomebodyElsesAddress_False(string login, string address) => Assert.False(Policy.IsAllowed(login, address));

    [Fact]
    public void IsAllowed_CheckOff_AllowsAnything()
    {
        var open = new SenderPolicy(new SmtpOptions { RequireSenderMatch = false });

        Assert.True(open.IsAllowed("alice", "ceo@bank.test"));
        Assert.False(open.Required);
    }
}
