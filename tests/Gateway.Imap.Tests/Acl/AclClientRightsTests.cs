using Gateway.Imap.Acl;

namespace Gateway.Imap.Tests.Acl;

public sealed class AclClientRightsTests
{
    private static string ToClient(string server, string wire, bool rfc4314)
    {
        var dialect = AclTestServers.Dialects[server];
        return AclClientRights.ToClient(dialect.FromServer(wire), dialect, rfc4314).ToString();
    }

    // MYRIGHTS of the owner as captured (upstream-servers.md).
    [Theory]
    [InlineData("Dovecot", "lrwstipekxacd", "lrswipcda")]
    [InlineData("Cyrus", "lrswipkxtecdan", "lrswipcda")]
    [InlineData("Courier", "acdilrsw", "lrswicda")]
    [InlineData("Dovecot", "lr", "lr")]
    [InlineData("Dovecot", "eilrwtsd", "lrswid")]
    [InlineData("Courier", "ilrsw", "lrswi")]
    [InlineData("Courier", "cdlr", "lrcd")]
    [InlineData("Cyrus", "lrkxtecd", "lrcd")]
    public void Rfc2086Client_SeesClassicLetters(string server, string wire, string expected) =>
        Assert.Equal(expected, ToClient(server, wire, rfc4314: false));

    [Theory]
    [InlineData("Dovecot", "lrwstipekxacd", "lrswipkxtecda")]
    [InlineData("Cyrus", "lrswipkxtecdan", "lrswipkxtecdan")]
    [InlineData("Courier", "acdilrsw", "lrswikxtecda")]
    [InlineData("Courier", "cdlr", "lrkxtecd")]
    public void Rfc4314Client_SeesEveryRight_AndTheMacros(string server, string wire, string expected) =>
        Assert.Equal(expected, ToClient(server, wire, rfc4314: true));

    [Theory]
    [InlineData("Dovecot", "lkc", "lc")] // only k → c
    [InlineData("Dovecot", "lxc", "lc")] // only x → c
    [InlineData("Dovecot", "ltd", "ld")] // only t → d
    [InlineData("Dovecot", "led", "ld")] // only e → d
    [InlineData("Cyrus", "lrswipn0", "lrswip")] // n and digits are not shown
    public void Rfc2086Client_PartialSets_ShowTheMacro_WhenAnyMemberIsHeld(string server, string wire, string expected) =>
        Assert.Equal(expected, ToClient(server, wire, rfc4314: false));

    [Theory]
    [InlineData("Dovecot", "c", "kx")]
    [InlineData("Dovecot", "d", "te")]
    [InlineData("Courier", "c", "k")]
    [InlineData("Courier", "d", "xte")]
    [InlineData("Cyrus", "lrswipcda", "lrswipkxtea")]
    [InlineData("Dovecot", "lrkc", "lrkx")] // a client macro is always all of its members (RFC 4314 §2.1.1)
    public void FromClient_ExpandsMacros_PerServerInterpretation(string server, string letters, string canonical) =>
        Assert.Equal(canonical, AclClientRights.FromClient(AclRights.Of(letters), AclTestServers.Dialects[server]).ToString());

    [Fact]
    public void PreserveHidden_KeepsOnlyK_WhenTheClientWritesItsCBack()
    {
        var dovecot = AclServerDialect.Dovecot;
        var current = AclRights.Of("lk");
        var requested = AclClientRights.FromClient(AclRights.Of("lrc"), dovecot);
        Assert.Equal("lrk", AclClientRights.PreserveHidden(requested, AclRights.Of("lrc"), current, dovecot).ToString());
    }

    [Fact]
    public void PreserveHidden_KeepsAnnotateAndDigits_ACyrus2086ClientCannotSee()
    {
        var cyrus = AclServerDialect.Cyrus;
        var current = AclRights.Of("lrswipkxtean7");
        var requested = AclClientRights.FromClient(AclRights.Of("lrs"), cyrus);
        Assert.Equal("lrsn7", AclClientRights.PreserveHidden(requested, AclRights.Of("lrs"), current, cyrus).ToString());
    }

    [Fact]
    public void PreserveHidden_NewlyGrantedMacro_GetsAllMembers()
    {
        var dovecot = AclServerDialect.Dovecot;
        var requested = AclClientRights.FromClient(AclRights.Of("lrd"), dovecot);
        Assert.Equal("lrte", AclClientRights.PreserveHidden(requested, AclRights.Of("lrd"), AclRights.Of("lr"), dovecot).ToString());
    }
}
