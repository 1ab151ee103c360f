using System.Text;
using Gateway.Imap.Acl;
using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Tests.Acl;

public sealed class AclCapabilitiesTests
{
    private static string Rewrite(string caps, ServerKind kind, AclClientDialect dialect) =>
        string.Join(' ', AclCapabilities.Rewrite(caps.Split(' '), kind, dialect));

    [Fact]
    public void Rfc2086Client_GetsAclWithoutRights()
    {
        Assert.Equal("IMAP4rev1 ACL IDLE", Rewrite("IMAP4rev1 ACL RIGHTS=texk IDLE", ServerKind.Dovecot, AclClientDialect.Rfc2086));
        Assert.Equal("IMAP4rev1 QUOTA ACL", Rewrite("IMAP4rev1 QUOTA ACL ACL2=UNION", ServerKind.Courier, AclClientDialect.Rfc2086));
    }

    [Fact]
    public void Rfc4314Client_GetsTheLettersTheGatewayCarries()
    {
        Assert.Equal("IMAP4rev1 ACL RIGHTS=kxte IDLE", Rewrite("IMAP4rev1 ACL RIGHTS=texk IDLE", ServerKind.Dovecot, AclClientDialect.Rfc4314));
        Assert.Equal("ACL RIGHTS=kxten QUOTA", Rewrite("ACL QUOTA RIGHTS=kxten", ServerKind.Cyrus, AclClientDialect.Rfc4314));

        // Courier has no RIGHTS=, but the gateway can set k (as c), x, t and e on it one by one.
        Assert.Equal("IMAP4rev1 QUOTA ACL RIGHTS=kxte", Rewrite("IMAP4rev1 QUOTA ACL ACL2=UNION", ServerKind.Courier, AclClientDialect.Auto));
    }

    [Fact]
    public void Rfc2086Server_NeverAdvertisesRights() =>
        Assert.Equal("IMAP4rev1 ACL", Rewrite("IMAP4rev1 ACL", ServerKind.Cyrus, AclClientDialect.Rfc4314));

    [Fact]
    public void NoAcl_NothingAdded() =>
        Assert.Equal("IMAP4rev1 IDLE", Rewrite("IMAP4rev1 IDLE", ServerKind.Dovecot, AclClientDialect.Rfc4314));

    [Fact]
    public void Transform_RewritesUntaggedAndResponseCode()
    {
        var transform = new AclCapabilityResponseTransform(ServerKind.Courier, AclClientDialect.Rfc2086);
        const string Greeting = "* OK [CAPABILITY IMAP4rev1 UIDPLUS ACL ACL2=UNION STARTTLS] Courier-IMAP ready.";
        Assert.True(transform.Interested(Encoding.UTF8.GetBytes(Greeting)));
        Assert.Equal("* OK [CAPABILITY IMAP4rev1 UIDPLUS ACL STARTTLS] Courier-IMAP ready.", transform.Rewrite(Greeting));
        Assert.Equal("* CAPABILITY IMAP4rev1 ACL", transform.Rewrite("* CAPABILITY IMAP4rev1 ACL ACL2=UNION"));
        Assert.Null(transform.Rewrite("a1 OK done"));
    }
}
