using Gateway.Smtp.Front;

namespace Gateway.Smtp.Tests.Front;

public sealed class SmtpPathArgumentTests
{
    [Theory]
    [InlineData("FROM:<alice@lab.test>", "alice@lab.test")]
    [InlineData("from:<alice@lab.test>", "alice@lab.test")]
    [InlineData("FROM: <alice@lab.test>", "alice@lab.test")]
    [InlineData("FROM:alice@lab.test", "alice@lab.test")]
    [InlineData("FROM:<>", "")]
    [InlineData("FROM:<@relay.test,@b.test:alice@lab.test>", "alice@lab.test")]
    [InlineData("FROM:<jörg@lab.test> SMTPUTF8", "jörg@lab.test")]
    public void TryParse_ValidPath_GivesAddress(string argument, string address)
    {
        Assert.True(SmtpPathArgument.TryParse(argument, "FROM:", out var path, out var error), error);
        Assert.Equal(address, path.Address);
    }

    [Fact]
    public void TryParse_Parameters_AreKeyedCaseInsensitively()
    {
        Assert.True(SmtpPathArgument.TryParse("FROM:<a@b.test> size=1234 BODY=8BITMIME SMTPUTF8", "FROM:", out var path, out _));

        Assert.Equal(1234, path.DeclaredSize);
        Assert.Equal("8BITMIME", path.Parameters["body"]);
        Assert.True(path.Parameters.ContainsKey("SMTPUTF8"));
        Assert.Null(path.Parameters["SMTPUTF8"]);
    }

    [Theory]
    [InlineData("TO:<a@b.test>")]
    [InlineData("FROM<a@b.test>")]
    [InlineData("FROM:<a@b.test")]
    [InlineData("FROM:<nobody>")]
    [InlineData("FROM:<a@>")]
    [InlineData("FROM:<a b@c.test>")]
    [InlineData("FROM:<a@b.test> =x")]
    public void TryParse_BadSyntax_FailsWithReason(string argument)
    {
        Assert.False(SmtpPathArgument.TryParse(argument, "FROM:", out _, out var error));
        Assert.StartsWith("syntax:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredSize_NotANumber_IsNull()
    {
        Assert.True(SmtpPathArgument.TryParse("FROM:<a@b.test> SIZE=-1", "FROM:", out var path, out _));
        Assert.Null(path.DeclaredSize);
    }
}
