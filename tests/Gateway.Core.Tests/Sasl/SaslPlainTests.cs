using System.Text;
using Gateway.Core.Sasl;

namespace Gateway.Core.Tests.Sasl;

public sealed class SaslPlainTests
{
    [Theory]
    [InlineData("\0alice\0alicepw", true, "alice", "alicepw")]
    [InlineData("alice\0alice\0pw with spaces", true, "alice", "pw with spaces")]
    [InlineData("bob\0alice\0alicepw", false, "", "")]
    [InlineData("\0\0pw", false, "", "")]
    [InlineData("\0alice", false, "", "")]
    [InlineData("alice alicepw", false, "", "")]
    public void TryParse_SplitsAuthzidAuthcidPassword(string message, bool ok, string user, string password)
    {
        Assert.Equal(ok, SaslPlain.TryParse(Encoding.UTF8.GetBytes(message), out var parsedUser, out var parsedPassword));
        if (ok)
        {
            Assert.Equal(user, parsedUser);
            Assert.Equal(password, parsedPassword);
        }
    }

    [Theory]
    [InlineData("AGFsaWNlAGFsaWNlcHc=", true, 14)]
    [InlineData("=", true, 0)]
    [InlineData("not base64!", false, 0)]
    [InlineData("AGFsaWNl*", false, 0)]
    public void TryDecodeBase64_AcceptsBase64AndTheEmptyResponse(string text, bool ok, int length)
    {
        Assert.Equal(ok, SaslPlain.TryDecodeBase64(text, out var bytes));
        Assert.Equal(length, bytes.Length);
    }
}
