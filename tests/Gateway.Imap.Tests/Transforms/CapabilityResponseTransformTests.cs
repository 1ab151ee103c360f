using System.Text;
using Gateway.Imap.Transforms.Capabilities;

namespace Gateway.Imap.Tests.Transforms;

public sealed class CapabilityResponseTransformTests
{
    private static string? Apply(string line)
    {
        var transform = new CapabilityResponseTransform();
        return transform.Interested(Encoding.UTF8.GetBytes(line)) ? transform.Rewrite(line) : null;
    }

    [Fact]
    public void UntaggedCapability_DropsWhatTheGatewayCannotRelay()
    {
        // Cyrus 3.6 after login (upstream-servers.md), abridged.
        var rewritten = Apply("* CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE ACL RIGHTS=kxten COMPRESS=DEFLATE IDLE X-REPLICATION URLAUTH NAMESPACE STARTTLS AUTH=PLAIN");

        Assert.Equal("* CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE ACL RIGHTS=kxten IDLE NAMESPACE", rewritten);
    }

    [Fact]
    public void CapabilityResponseCode_InTaggedOk_IsFiltered_TextKept()
    {
        var rewritten = Apply("a1 OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE MOVE NOTIFY SPECIAL-USE] Logged in");

        Assert.Equal("a1 OK [CAPABILITY IMAP4rev1 MOVE SPECIAL-USE] Logged in", rewritten);
    }

    [Theory]
    [InlineData("* 3 FETCH (FLAGS (\\Seen))")]
    [InlineData("a1 OK done")]
    public void OtherLines_AreNotTouched(string line) => Assert.Null(Apply(line));
}
