using Gateway.FreeBusy.Session;

namespace Gateway.FreeBusy.Tests.Session;

public sealed class FtpPathTests
{
    [Theory]
    [InlineData("/", "", "Directory", "/")]
    [InlineData("/", "pub", "Directory", "/pub")]
    [InlineData("/", "/pub/calendar/", "Directory", "/pub/calendar")]
    [InlineData("/pub", "calendar", "Directory", "/pub/calendar")]
    [InlineData("/pub/calendar", "alice.vfb", "CalendarFile", "/pub/calendar/alice.vfb")]
    [InlineData("/pub/calendar", "./alice.vfb", "CalendarFile", "/pub/calendar/alice.vfb")]
    [InlineData("/", "pub//calendar///alice.vfb", "CalendarFile", "/pub/calendar/alice.vfb")]
    [InlineData("/", "/pub/calendar/alice.vfb", "CalendarFile", "/pub/calendar/alice.vfb")]
    [InlineData("/pub/calendar", "/etc/passwd", "Outside", "/etc/passwd")]
    [InlineData("/", "alice.vfb", "Outside", "/alice.vfb")]
    [InlineData("/", "pub/calendar/x/alice.vfb", "Outside", "/pub/calendar/x/alice.vfb")]
    public void Resolve_PlainPaths(string cwd, string argument, string kind, string path)
    {
        var result = FtpPath.Resolve(cwd, argument);
        Assert.Equal(Enum.Parse<FtpPathKind>(kind), result.Kind);
        Assert.Equal(path, result.Path);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../..")]
    [InlineData("/pub/calendar/../../etc/passwd")]
    [InlineData("/pub/./../etc")]
    [InlineData("...")]
    [InlineData("/pub/calendar/.htaccess")]
    [InlineData("%2e%2e/etc")]
    [InlineData("..%2fetc")]
    [InlineData("%252e%252e%252f")]
    [InlineData("..\\..\\etc")]
    [InlineData("\\pub\\calendar\\alice.vfb")]
    [InlineData("C:\\Windows\\win.ini")]
    [InlineData("C:/Windows")]
    [InlineData("alice.vfb::$DATA")]
    [InlineData("~root")]
    [InlineData("\uFF0E\uFF0E\u2215etc")]
    [InlineData("\u2024\u2024/etc")]
    [InlineData("a\u0000b")]
    [InlineData("alice vfb")]
    [InlineData("pub/\u00e9")]
    public void Resolve_TraversalAndEncodedForms_AreRefused(string argument)
    {
        var result = FtpPath.Resolve("/pub/calendar", argument);
        Assert.Equal(FtpPathKind.Refused, result.Kind);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Fact]
    public void Resolve_OverlongPath_IsRefused() =>
        Assert.Equal(FtpPathKind.Refused, FtpPath.Resolve("/", "/pub/" + new string('a', 600)).Kind);

    [Theory]
    [InlineData("/pub/calendar", "/pub")]
    [InlineData("/pub", "/")]
    [InlineData("/", "/")]
    public void Parent_StaysInTheTree(string directory, string parent) => Assert.Equal(parent, FtpPath.Parent(directory));
}
