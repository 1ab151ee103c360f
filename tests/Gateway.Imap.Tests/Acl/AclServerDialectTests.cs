using Gateway.Imap.Acl;
using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Tests.Acl;

public sealed class AclServerDialectTests
{
    // Post-login CAPABILITY lines captured from the fixture servers (upstream-servers.md), abridged to the ACL part.
    private const string DovecotCaps = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE NAMESPACE UIDPLUS LITERAL+ NOTIFY SPECIAL-USE ACL RIGHTS=texk";
    private const string CyrusCaps = "IMAP4rev1 LITERAL+ ID ENABLE ACL ANNOTATE-EXPERIMENT-1 BINARY LIST-MYRIGHTS NAMESPACE QUOTA RIGHTS=kxten SAVEDATE";
    private const string CourierCaps = "IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE ACL ACL2=UNION ENABLE UTF8=ACCEPT";

    private static string[] Caps(string text) => text.Split(' ');

    [Fact]
    public void Detect_Dovecot_FromRightsTexk()
    {
        var dialect = AclServerDialect.Detect(ServerKind.Dovecot, Caps(DovecotCaps));
        Assert.True(dialect.HasAcl);
        Assert.Equal("texk", dialect.AdvertisedRights);
        Assert.Equal("lrswipkxtea", dialect.Native.ToString());
        Assert.Equal("kx", dialect.CreateMacro.ToString());
        Assert.Equal("te", dialect.DeleteMacro.ToString());
    }

    [Fact]
    public void Detect_Cyrus_FromRightsKxten_IncludesAnnotateAndDigits()
    {
        var dialect = AclServerDialect.Detect(ServerKind.Cyrus, Caps(CyrusCaps));
        Assert.Equal("lrswipkxtean0123456789", dialect.Native.ToString());
        Assert.True(dialect.IsRfc4314);
    }

    [Theory]
    [InlineData("Courier")]
    [InlineData("Unknown")]
    public void Detect_Courier_FromKindOrAcl2Union(string kindName)
    {
        var dialect = AclServerDialect.Detect(Enum.Parse<ServerKind>(kindName), Caps(CourierCaps));
        Assert.Equal(ServerKind.Courier, dialect.Kind);
        Assert.Equal("k", dialect.CreateMacro.ToString());
        Assert.Equal("xte", dialect.DeleteMacro.ToString());
        Assert.Null(dialect.AdvertisedRights);
    }

    [Fact]
    public void Detect_AclWithoutRights_IsRfc2086()
    {
        // Cyrus 2.2: "ACL" and no RIGHTS= (cyrus/imap/version.h tag 2.2.13).
        var dialect = AclServerDialect.Detect(ServerKind.Cyrus, ["IMAP4rev1", "ACL", "QUOTA"]);
        Assert.False(dialect.IsRfc4314);
        Assert.Equal("lrswipa0123456789", dialect.Native.ToString());
    }

    [Fact]
    public void Detect_UnknownRfc4314Server_UsesAdvertisedLetters()
    {
        var dialect = AclServerDialect.Detect(ServerKind.Unknown, ["IMAP4rev1", "ACL", "RIGHTS=ekxt"]);
        Assert.Equal("lrswipkxtea0123456789", dialect.Native.ToString());
    }

    [Fact]
    public void Detect_NoAcl() => Assert.False(AclServerDialect.Detect(ServerKind.Dovecot, ["IMAP4rev1", "IDLE"]).HasAcl);

    // The read-back rows of upstream-servers.md: what each server shows after SETACL lrswite / lrcd, by meaning.
    [Theory]
    [InlineData("Dovecot", "eilrwtsd", "lrswite")]
    [InlineData("Dovecot", "kxelrtcd", "lrkxte")]
    [InlineData("Dovecot", "lrwstipekxacd", "lrswipkxtea")]
    [InlineData("Cyrus", "lrswited", "lrswite")]
    [InlineData("Cyrus", "lrkxtecd", "lrkxte")]
    [InlineData("Cyrus", "lrswipkxtecdan", "lrswipkxtean")]
    [InlineData("Courier", "ilrsw", "lrswi")]
    [InlineData("Courier", "cdlr", "lrkxte")]
    [InlineData("Courier", "acdilrsw", "lrswikxtea")]
    [InlineData("Rfc2086", "lrswipcda", "lrswipkxtea")]
    public void FromServer_ReadsLettersByMeaning(string server, string wire, string canonical) =>
        Assert.Equal(canonical, AclTestServers.Dialects[server].FromServer(wire).ToString());

    [Theory]
    [InlineData("Dovecot", "lkc", "lk")] // only k: the c beside it adds nothing (RFC 4314 §2.1.1 output rule)
    [InlineData("Dovecot", "ltd", "lt")] // only t
    [InlineData("Cyrus", "lxc", "lx")] // only x
    [InlineData("Dovecot", "lc", "lkx")] // a bare macro with no member beside it stands for all members
    [InlineData("Courier", "lc", "lk")] // Courier's c is only create
    public void FromServer_PartialSets(string server, string wire, string canonical) =>
        Assert.Equal(canonical, AclTestServers.Dialects[server].FromServer(wire).ToString());

    [Theory]
    [InlineData("Dovecot", "lrswipkxtea", "lrswipkxtea")]
    [InlineData("Cyrus", "lrswipkxtean", "lrswipkxtean")]
    [InlineData("Courier", "lrswipkxtea", "lrswipcda")] // complete macros as Courier's letters
    [InlineData("Courier", "lrk", "lrc")]
    [InlineData("Courier", "lrx", "lrx")] // part of Courier's d: its native member
    [InlineData("Courier", "lrte", "lrte")]
    [InlineData("Rfc2086", "lrswipkxtea", "lrswipcda")]
    [InlineData("Dovecot", "lrn", "lrn")] // unknown to Dovecot: passed on, Dovecot answers BAD (RFC 4314 §3.1)
    public void ToServer_Replace(string server, string canonical, string wire)
    {
        Assert.True(AclTestServers.Dialects[server].TryToServer(AclRights.Of(canonical), AclChangeMode.Replace, out var letters, out var error), error);
        Assert.Equal(wire, letters);
    }

    [Theory]
    [InlineData("Replace")]
    [InlineData("Add")]
    public void ToServer_PartOfAMacro_ARfc2086ServerCannotStore_IsRefused(string modeName)
    {
        Assert.False(AclServerDialect.Rfc2086().TryToServer(AclRights.Of("lk"), Enum.Parse<AclChangeMode>(modeName), out _, out var error));
        Assert.Contains("k+x", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToServer_RemovingPartOfAMacro_OnRfc2086_RemovesTheWholeMacro()
    {
        Assert.True(AclServerDialect.Rfc2086().TryToServer(AclRights.Of("t"), AclChangeMode.Remove, out var letters, out _));
        Assert.Equal("d", letters);
    }
}
