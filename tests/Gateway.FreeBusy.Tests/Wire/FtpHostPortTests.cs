using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.FreeBusy.Wire;

namespace Gateway.FreeBusy.Tests.Wire;

public sealed class FtpHostPortTests
{
    [Theory]
    [InlineData("127,0,0,1,156,64", "127.0.0.1:40000")]
    [InlineData("10,1,2,3,0,21", "10.1.2.3:21")]
    [InlineData(" 127,0,0,1,4,1 ", "127.0.0.1:1025")]
    public void TryParsePort_Valid(string argument, string expected)
    {
        Assert.True(FtpHostPort.TryParsePort(argument, out var endPoint));
        Assert.Equal(IPEndPoint.Parse(expected), endPoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127,0,0,1,156")]
    [InlineData("127,0,0,1,156,64,1")]
    [InlineData("256,0,0,1,1,1")]
    [InlineData("127,0,0,1,0,0")]
    [InlineData("127,0,0,-1,1,1")]
    [InlineData("127,0,0,1,1,0001")]
    [InlineData("127.0.0.1,1,1")]
    [InlineData("a,b,c,d,e,f")]
    public void TryParsePort_Invalid(string argument) => Assert.False(FtpHostPort.TryParsePort(argument, out _));

    [Theory]
    [InlineData("|1|127.0.0.1|40000|", "127.0.0.1:40000")]
    [InlineData("!1!10.0.0.1!21!", "10.0.0.1:21")]
    [InlineData("|2|::1|40000|", "[::1]:40000")]
    public void TryParseEprt_Valid(string argument, string expected)
    {
        Assert.True(FtpHostPort.TryParseEprt(argument, out var endPoint, out _));
        Assert.Equal(IPEndPoint.Parse(expected), endPoint);
    }

    [Theory]
    [InlineData("|1|127.1|40000|", false)]
    [InlineData("|1|::1|40000|", false)]
    [InlineData("|2|127.0.0.1|40000|", false)]
    [InlineData("|1|127.0.0.1|0|", false)]
    [InlineData("|1|127.0.0.1|65536|", false)]
    [InlineData("|1|127.0.0.1|40000", false)]
    [InlineData("|1|127.0.0.1|40000|x", false)]
    [InlineData("|3|127.0.0.1|40000|", true)]
    [InlineData("|2|fe80::1%eth0|40000|", false)]
    [InlineData(" 1 127.0.0.1 40000 ", false)]
    public void TryParseEprt_Invalid(string argument, bool unsupportedProtocol)
    {
        Assert.False(FtpHostPort.TryParseEprt(argument, out _, out var unsupported));
        Assert.Equal(unsupportedProtocol, unsupported);
    }

    [Fact]
    public void FormatEpsv_IsRfc2428() => Assert.Equal("Entering Extended Passive Mode (|||10039|)", FtpHostPort.FormatEpsv(10039));

    /// <summary>What PASV announces is what a PORT argument with the same numbers means.</summary>
    [Property]
    public bool FormatPasv_ParsesBackAsThePortArgument(byte a, byte b, byte c, byte d, PositiveInt port)
    {
        var p = (port.Get % 65535) + 1;
        var text = FtpHostPort.FormatPasv(new IPAddress([a, b, c, d]), p);
        var numbers = text[(text.IndexOf('(', StringComparison.Ordinal) + 1)..^1];
        return FtpHostPort.TryParsePort(numbers, out var endPoint) && endPoint.Equals(new IPEndPoint(new IPAddress([a, b, c, d]), p));
    }
}
