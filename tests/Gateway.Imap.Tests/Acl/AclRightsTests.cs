using Gateway.Imap.Acl;

namespace Gateway.Imap.Tests.Acl;

public sealed class AclRightsTests
{
    [Theory]
    [InlineData("acdilrsw", "lrswicda")]
    [InlineData("lrwstipekxacd", "lrswipkxtecda")]
    [InlineData("lrswipkxtecdan", "lrswipkxtecdan")]
    [InlineData("9a0zl", "laz09")]
    [InlineData("", "")]
    [InlineData("llrr", "lr")]
    public void Format_UsesRfcOrder_ThenOtherLetters_ThenDigits(string input, string expected)
    {
        Assert.True(AclRights.TryParse(input, out var rights, out _));
        Assert.Equal(expected, rights.ToString());
    }

    [Fact]
    public void Classic_FormatsAsRfc2086Lists() => Assert.Equal("lrswipcda", AclRights.Classic.ToString());

    [Theory]
    [InlineData("lR", 'R')]
    [InlineData("l r", ' ')]
    [InlineData("l+", '+')]
    public void TryParse_RejectsNonRights(string input, char invalid)
    {
        Assert.False(AclRights.TryParse(input, out _, out var bad));
        Assert.Equal(invalid, bad);
    }

    [Fact]
    public void SetOperations()
    {
        var a = AclRights.Of("lrk");
        Assert.True(a.ContainsAll(AclRights.Of("lk")));
        Assert.False(a.ContainsAll(AclRights.Of("lx")));
        Assert.True(a.ContainsAny(AclRights.Of("xk")));
        Assert.Equal("lrkx", a.Union(AclRights.Of("x")).ToString());
        Assert.Equal("r", a.Except(AclRights.Of("lk")).ToString());
        Assert.Equal("k", a.Intersect(AclRights.Of("kx")).ToString());
        Assert.Equal(3, a.Count);
        Assert.True(AclRights.None.IsEmpty);
    }

    [Theory]
    [InlineData("lr", "Replace", "lr")]
    [InlineData("+i", "Add", "i")]
    [InlineData("-wa", "Remove", "wa")]
    [InlineData("", "Replace", "")]
    [InlineData("-", "Remove", "")]
    public void RightsChange_Parses_Modifiers(string input, string modeName, string rights)
    {
        Assert.True(AclRightsChange.TryParse(input, out var change, out _));
        Assert.Equal(Enum.Parse<AclChangeMode>(modeName), change.Mode);
        Assert.Equal(rights, change.Rights.ToString());
    }

    [Fact]
    public void RightsChange_RejectsUpperCase_WithReason()
    {
        Assert.False(AclRightsChange.TryParse("+LR", out _, out var error));
        Assert.Contains("'L'", error, StringComparison.Ordinal);
    }
}
