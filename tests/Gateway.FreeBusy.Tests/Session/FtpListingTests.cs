using Gateway.FreeBusy.Session;

namespace Gateway.FreeBusy.Tests.Session;

public sealed class FtpListingTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ListLine_RecentFile_ShowsTime() =>
        Assert.Equal(
            "-rw-r--r--    1 ftp      ftp               274 Nov 26 23:24 alice.vfb",
            FtpListing.ListLine("alice.vfb", false, 274, new DateTimeOffset(2026, 11, 26, 23, 24, 0, TimeSpan.Zero), s_now));

    [Fact]
    public void ListLine_OldDirectory_ShowsYear() =>
        Assert.Equal(
            "drwxr-xr-x    1 ftp      ftp              4096 Jan 02  2025 pub",
            FtpListing.ListLine("pub", true, 4096, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), s_now));

    [Fact]
    public void Facts_AreRfc3659() =>
        Assert.Equal(
            "type=file;size=274;modify=20261126232400;perm=r; alice.vfb",
            FtpListing.Facts("alice.vfb", "file", 274, new DateTimeOffset(2026, 11, 26, 23, 24, 0, TimeSpan.Zero), "r"));
}
