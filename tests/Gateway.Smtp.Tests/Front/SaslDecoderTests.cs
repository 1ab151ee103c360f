using System.Text;
using Gateway.Smtp.Front;

namespace Gateway.Smtp.Tests.Front;

public sealed class SaslDecoderTests
{
    [Theory]
    [InlineData("\0alice\0alicepw", "alice", "alicepw")]
    [InlineData("alice\0alice\0pw with spaces", "alice", "pw with spaces")]
    [InlineData("\0jörg\0pässwört", "jörg", "pässwört")]
    public void TryParsePlain_Valid(string message, string user, string password)
    {
        Assert.True(SaslDecoder.TryParsePlain(Encoding.UTF8.GetBytes(message), out var u, out var p));
        Assert.Equal(user, u);
        Assert.Equal(password, p);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("\0alice")]
    [InlineData("\0\0pw")]
    [InlineData("bob\0alice\0pw")]
    public void TryParsePlain_Invalid(string message) => Assert.False(SaslDecoder.TryParsePlain(Encoding.UTF8.GetBytes(message), out _, out _));

    [Fact]
    public void TryDecodeBase64_EqualsSign_IsEmpty()
    {
        Assert.True(SaslDecoder.TryDecodeBase64("=", out var bytes));
        Assert.Empty(bytes);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("YWxpY2")]
    public void TryDecodeBase64_Garbage_Fails(string text) => Assert.False(SaslDecoder.TryDecodeBase64(text, out _));
}
