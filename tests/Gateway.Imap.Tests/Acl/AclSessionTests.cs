using System.Text;
using Gateway.Imap.Acl;
using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Tests.Acl;

/// <summary>Command and response rewriting with the wire lines captured from the fixture servers (upstream-servers.md).</summary>
public sealed class AclSessionTests
{
    private static readonly AclOptions Outlook = new() { LoginDomain = "example.com" };

    /// <summary>Owner by server name as the fixture servers spell other users' folders.</summary>
    private static Func<string, string?> Owners(string login) => name =>
    {
        foreach (var prefix in new[] { "shared/", "user.", "#shared." })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = name[prefix.Length..];
                var end = rest.IndexOfAny(['/', '.']);
                return end < 0 ? rest : rest[..end];
            }
        }

        return login;
    };

    private static AclSession Session(string server, string login = "alice", AclOptions? options = null) =>
        new(AclTestServers.Dialects[server], options ?? Outlook, Owners(login));

    private static AclDecision Decide(AclSession session, string command) =>
        session.Decide(Encoding.UTF8.GetBytes(command + "\r\n"), command[..command.IndexOf(' ', StringComparison.Ordinal)]);

    private static string Sent(AclSession session, string command)
    {
        var decision = Decide(session, command);
        var rewrite = Assert.IsType<AclDecision.Rewrite>(decision);
        return Encoding.UTF8.GetString(rewrite.Bytes).TrimEnd('\r', '\n');
    }

    private static string Replied(AclSession session, string command) => Assert.IsType<AclDecision.Reply>(Decide(session, command)).Line;

    private static string? Untagged(AclSession session, string line) => session.RewriteUntagged(Encoding.UTF8.GetBytes(line + "\r\n"));

    // ---- commands ----

    [Theory]
    [InlineData("Dovecot", "a1 SETACL \"Calendar\" bob lr", "a1 SETACL \"Calendar\" bob lr")]
    [InlineData("Dovecot", "a1 SETACL \"Calendar\" bob lrswipcda", "a1 SETACL \"Calendar\" bob lrswipkxtea")]
    [InlineData("Cyrus", "a1 SETACL \"INBOX.Calendar\" bob lrswipcda", "a1 SETACL \"INBOX.Calendar\" bob lrswipkxtea")]
    [InlineData("Courier", "a1 SETACL \"INBOX.Calendar\" bob lrswipcda", "a1 SETACL \"INBOX.Calendar\" bob lrswipcda")]
    [InlineData("Rfc2086", "a1 SETACL \"INBOX.Calendar\" bob lrswipcda", "a1 SETACL \"INBOX.Calendar\" bob lrswipcda")]
    [InlineData("Dovecot", "a1 SETACL \"Calendar\" bob +i", "a1 SETACL \"Calendar\" bob +i")]
    [InlineData("Dovecot", "a1 SETACL \"Calendar\" bob -d", "a1 SETACL \"Calendar\" bob -te")]
    [InlineData("Courier", "a1 SETACL \"INBOX.Calendar\" bob +c", "a1 SETACL \"INBOX.Calendar\" bob +c")]
    [InlineData("Dovecot", "a1 SETACL \"Calendar\" bob@example.com \"lr\"", "a1 SETACL \"Calendar\" bob lr")]
    [InlineData("Courier", "a1 SETACL \"INBOX.Calendar\" user=bob lr", "a1 SETACL \"INBOX.Calendar\" bob lr")]
    [InlineData("Dovecot", "a1 SETACL \"Calendar\" -carol w", "a1 SETACL \"Calendar\" -carol w")]
    [InlineData("Dovecot", "a1 SETACL \"Calendar\" group:sales lr", "a1 SETACL \"Calendar\" $sales lr")]
    [InlineData("Dovecot", "a1 SETACL \"Calendar\" anyone lr", "a1 SETACL \"Calendar\" anyone lr")]
    [InlineData("Courier", "a1 SETACL \"INBOX.Calendar\" authenticated lr", "a1 SETACL \"INBOX.Calendar\" authuser lr")]
    [InlineData("Dovecot", "a1 SETACL \"Calendar\" bob \"\"", "a1 SETACL \"Calendar\" bob \"\"")]
    [InlineData("Dovecot", "a1 DELETEACL \"Calendar\" bob@example.com", "a1 DELETEACL \"Calendar\" bob")]
    [InlineData("Cyrus", "a1 LISTRIGHTS \"INBOX.Calendar\" $staff", "a1 LISTRIGHTS \"INBOX.Calendar\" group:staff")]
    [InlineData("Dovecot", "a1 setacl \"Calendar\" bob lr", "a1 setacl \"Calendar\" bob lr")]
    public void Commands_AreTranslated(string server, string command, string sent) => Assert.Equal(sent, Sent(Session(server), command));

    [Theory]
    [InlineData("a1 GETACL \"Calendar\"")]
    [InlineData("a1 MYRIGHTS \"Calendar\"")]
    [InlineData("a1 SELECT \"Calendar\"")]
    [InlineData("a1 SETACL \"Calendar\" bob")] // malformed: the server answers BAD
    public void OtherCommands_AreForwarded(string command) => Assert.IsType<AclDecision.Forward>(Decide(Session("Dovecot"), command));

    [Fact]
    public void Rfc4314Letters_FromA4314Client_OnDovecot_PassThrough() =>
        Assert.Equal("a1 SETACL \"Calendar\" bob lrkte", Sent(Session("Dovecot"), "a1 SETACL \"Calendar\" bob lrtek"));

    [Theory]
    [InlineData("lrkxte", "lrcd")] // complete macros as Courier's own letters
    [InlineData("lrkt", "lrtc")] // k is Courier's c; t alone is native
    public void Rfc4314Letters_OnCourier_AreSentByMeaning(string client, string sent) =>
        Assert.Equal($"a1 SETACL \"INBOX.Calendar\" bob {sent}", Sent(Session("Courier"), $"a1 SETACL \"INBOX.Calendar\" bob {client}"));

    [Fact]
    public void PartOfAMacro_OnARfc2086Server_IsBad()
    {
        var reply = Replied(Session("Rfc2086"), "a1 SETACL \"INBOX.Calendar\" bob lrk");
        Assert.StartsWith("a1 BAD ", reply, StringComparison.Ordinal);
    }

    [Fact]
    public void UpperCaseRights_AreBad() =>
        Assert.StartsWith("a1 BAD 'L' is not an ACL right", Replied(Session("Dovecot"), "a1 SETACL \"Calendar\" bob LR"), StringComparison.Ordinal);

    [Theory]
    [InlineData("Cyrus", "a1 SETACL \"INBOX.Calendar\" authenticated lr", "a1 NO [CANNOT] Cyrus IMAP has no 'authenticated'")]
    [InlineData("Courier", "a1 SETACL \"INBOX.Calendar\" group:sales lr", "a1 NO [CANNOT] Courier-IMAP's ACL commands cannot name groups")]
    public void IdentifiersTheServerLacks_AreRefusedLocally(string server, string command, string reply) =>
        Assert.StartsWith(reply, Replied(Session(server), command), StringComparison.Ordinal);

    [Fact]
    public void LiteralIdentifier_IsRefused_NotForwardedUntranslated() =>
        Assert.StartsWith("a1 NO [CANNOT]", Replied(Session("Dovecot"), "a1 SETACL \"Calendar\" {3}"), StringComparison.Ordinal);

    // ---- owner lock-out ----

    [Theory]
    [InlineData("Dovecot", "a1 SETACL \"Calendar\" alice lr")]
    [InlineData("Cyrus", "a1 SETACL \"INBOX.Calendar\" alice -a")]
    [InlineData("Courier", "a1 SETACL \"INBOX.Calendar\" owner rswi")]
    [InlineData("Courier", "a1 SETACL \"INBOX.Calendar\" alice@example.com lr")]
    [InlineData("Courier", "a1 DELETEACL \"INBOX.Calendar\" owner")]
    [InlineData("Dovecot", "a1 SETACL \"shared/carol/Calendar\" carol r")] // bob, admin on carol's folder, may not lock carol out
    [InlineData("Dovecot", "a1 SETACL \"Calendar\" -anyone l")]
    public void OwnerLockout_IsRefusedWithAnExplanation(string server, string command)
    {
        var reply = Replied(Session(server, login: "alice"), command);
        Assert.StartsWith("a1 NO [NOPERM] Refused: this would take the ", reply, StringComparison.Ordinal);
        Assert.Contains("the folder's owner", reply, StringComparison.Ordinal);
    }

    [Fact]
    public void OwnerLockout_IsSentWhenAllowed() =>
        Assert.Equal("a1 SETACL \"INBOX.Calendar\" owner lr", Sent(Session("Courier", options: Outlook with { AllowOwnerLockout = true }), "a1 SETACL \"INBOX.Calendar\" alice lr"));

    [Theory]
    [InlineData("Courier", "a1 SETACL \"INBOX.Calendar\" owner lrswipcda", "a1 SETACL \"INBOX.Calendar\" owner lrswipcda")]
    [InlineData("Dovecot", "a1 SETACL \"shared/carol/Calendar\" carol +la", "a1 SETACL \"shared/carol/Calendar\" carol +la")]
    public void AnAdmin_CanAlwaysRestoreTheOwner(string server, string command, string sent) =>
        Assert.Equal(sent, Sent(Session(server, login: "bob"), command));

    [Fact]
    public void OwnerLockout_UsesTheAclSeenEarlier()
    {
        var session = Session("Courier");
        Assert.NotNull(Untagged(session, "* ACL \"INBOX.Calendar\" \"owner\" \"acdilrsw\" \"anyone\" \"la\""));

        // anyone keeps l and a for alice, so narrowing the owner entry is no lock-out.
        Assert.Equal("a1 SETACL \"INBOX.Calendar\" owner lr", Sent(session, "a1 SETACL \"INBOX.Calendar\" alice lr"));

        // The SETACL made the remembered ACL stale: it is forgotten and the guard is strict again.
        Assert.Null(session.Remembered("INBOX.Calendar"));
        Assert.IsType<AclDecision.Reply>(Decide(session, "a2 SETACL \"INBOX.Calendar\" alice r"));
    }

    [Fact]
    public void Rfc2086Client_WritingBackAPartialSet_KeepsItsHiddenRights()
    {
        var session = Session("Cyrus");
        Assert.Equal("* ACL INBOX.Team alice lrswipcda bob lc", Untagged(session, "* ACL INBOX.Team alice lrswipkxtecdan bob lkcn"));
        Assert.Equal("a1 SETACL \"INBOX.Team\" bob lrkn", Sent(session, "a1 SETACL \"INBOX.Team\" bob lrc"));
    }

    // ---- responses ----

    [Theory]
    [InlineData("Dovecot", "* ACL Calendar alice lrwstipekxacd", "* ACL Calendar alice lrswipcda")]
    [InlineData("Dovecot", "* ACL Team bob lr alice lrwstipekxacd", "* ACL Team bob lr alice lrswipcda")]
    [InlineData("Dovecot", "* ACL INBOX alice lrwstipekxacd bob lr -carol w $sales lr", "* ACL INBOX alice lrswipcda bob lr -carol w group:sales lr")]
    [InlineData("Dovecot", "* MYRIGHTS Calendar lrwstipekxacd", "* MYRIGHTS Calendar lrswipcda")]
    [InlineData("Dovecot", "* MYRIGHTS shared/carol/Calendar lr", "* MYRIGHTS shared/carol/Calendar lr")]
    [InlineData("Dovecot", "* LISTRIGHTS Calendar bob \"\" l r w s t p i e k x a c d", "* LISTRIGHTS Calendar bob \"\" l r s w i p c d a")]
    [InlineData("Cyrus", "* ACL INBOX.Calendar alice lrswipkxtecdan", "* ACL INBOX.Calendar alice lrswipcda")]
    [InlineData("Cyrus", "* ACL INBOX.Team alice lrswipkxtecdan bob lr", "* ACL INBOX.Team alice lrswipcda bob lr")]
    [InlineData("Cyrus", "* MYRIGHTS INBOX.Calendar lrswipkxtecdan", "* MYRIGHTS INBOX.Calendar lrswipcda")]
    [InlineData("Cyrus", "* MYRIGHTS user.alice la", "* MYRIGHTS user.alice la")]
    [InlineData("Cyrus", "* LISTRIGHTS INBOX.Calendar bob \"\" l r s w i p k x t e c d a n 0 1 2 3 4 5 6 7 8 9", "* LISTRIGHTS INBOX.Calendar bob \"\" l r s w i p c d a")]
    [InlineData("Cyrus", "* LISTRIGHTS INBOX bovik lkxcan r s w i p t e d 0 1 2 3 4 5 6 7 8 9", "* LISTRIGHTS INBOX bovik lca r s w i p d")]
    [InlineData("Cyrus", "* ACL INBOX bovik lrswipkxtecda anyone p group:staff lrs -fred w", "* ACL INBOX bovik lrswipcda anyone p group:staff lrs -fred w")]
    [InlineData("Courier", "* ACL \"INBOX.Calendar\" \"owner\" \"acdilrsw\" \"administrators\" \"acdilrsw\"", "* ACL \"INBOX.Calendar\" alice lrswicda administrators lrswicda")]
    [InlineData("Courier", "* ACL \"INBOX.Team\" \"owner\" \"acdilrsw\" \"administrators\" \"acdilrsw\" \"bob\" \"lr\"", "* ACL \"INBOX.Team\" alice lrswicda administrators lrswicda bob lr")]
    [InlineData("Courier", "* ACL \"INBOX\" \"owner\" \"acdilrsw\" \"user0\" \"l\" \"fred\" \"cr\" \"-john\" \"clr\" \"-authuser\" \"clr\"", "* ACL \"INBOX\" alice lrswicda user0 l fred rc -john lrc -authenticated lrc")]
    [InlineData("Courier", "* MYRIGHTS \"INBOX.Calendar\" \"acdilrsw\"", "* MYRIGHTS \"INBOX.Calendar\" lrswicda")]
    [InlineData("Courier", "* MYRIGHTS \"#shared.carol.Calendar\" \"lr\"", "* MYRIGHTS \"#shared.carol.Calendar\" lr")]
    [InlineData("Courier", "* LISTRIGHTS \"INBOX.Calendar\" \"bob\" \"\" a c d i l p r s w", "* LISTRIGHTS \"INBOX.Calendar\" bob \"\" l r s w i p c d a")]
    [InlineData("Courier", "* OK [MYRIGHTS \"acdilrsw\"] ACL", "* OK [MYRIGHTS \"lrswicda\"] ACL")]
    [InlineData("Rfc2086", "* LISTRIGHTS archive.imap anyone \"\" l r s w i p c d a", "* LISTRIGHTS archive.imap anyone \"\" l r s w i p c d a")]
    public void Responses_ForAnRfc2086Client(string server, string line, string expected) => Assert.Equal(expected, Untagged(Session(server), line));

    [Theory]
    [InlineData("Dovecot", "* ACL Calendar alice lrwstipekxacd", "* ACL Calendar alice lrswipkxtecda")]
    [InlineData("Dovecot", "* LISTRIGHTS Calendar bob \"\" l r w s t p i e k x a c d", "* LISTRIGHTS Calendar bob \"\" l r s w i p k x t e c d a")]
    [InlineData("Cyrus", "* LISTRIGHTS INBOX.Calendar bob \"\" l r s w i p k x t e c d a n 0 1 2 3 4 5 6 7 8 9", "* LISTRIGHTS INBOX.Calendar bob \"\" l r s w i p k x t e c d a n 0 1 2 3 4 5 6 7 8 9")]
    [InlineData("Cyrus", "* MYRIGHTS INBOX.Calendar lrswipkxtecdan", "* MYRIGHTS INBOX.Calendar lrswipkxtecdan")]
    [InlineData("Courier", "* MYRIGHTS \"INBOX.Calendar\" \"acdilrsw\"", "* MYRIGHTS \"INBOX.Calendar\" lrswikxtecda")]
    [InlineData("Courier", "* LISTRIGHTS \"INBOX.Calendar\" \"bob\" \"\" a c d i l p r s w", "* LISTRIGHTS \"INBOX.Calendar\" bob \"\" l r s w i p k xte c d a")]
    public void Responses_ForAnRfc4314Client(string server, string line, string expected) =>
        Assert.Equal(expected, Untagged(Session(server, options: Outlook with { ClientDialect = AclClientDialect.Rfc4314 }), line));

    [Theory]
    [InlineData("* 1 EXISTS")]
    [InlineData("* OK [UIDVALIDITY 3] Ok")]
    [InlineData("* STATUS Calendar (MESSAGES 1)")]
    [InlineData("a1 OK done")]
    public void OtherResponses_AreKept(string line) => Assert.Null(Untagged(Session("Dovecot"), line));

    [Fact]
    public void Auto_ShowsClassicLetters_UntilTheClientUsesKxte()
    {
        var session = Session("Dovecot", options: Outlook with { ClientDialect = AclClientDialect.Auto });
        Assert.Equal("* MYRIGHTS Calendar lrswipcda", Untagged(session, "* MYRIGHTS Calendar lrwstipekxacd"));
        Sent(session, "a1 SETACL \"Calendar\" bob lrswi");
        Assert.False(session.ClientUsesRfc4314);
        Sent(session, "a2 SETACL \"Calendar\" bob lrswite");
        Assert.True(session.ClientUsesRfc4314);
        Assert.Equal("* MYRIGHTS Calendar lrswipkxtecda", Untagged(session, "* MYRIGHTS Calendar lrwstipekxacd"));
    }

    [Fact]
    public void Rfc2086Setting_NeverSwitches()
    {
        var session = Session("Dovecot");
        Sent(session, "a1 SETACL \"Calendar\" bob lrswite");
        Assert.False(session.ClientUsesRfc4314);
    }

    [Fact]
    public void DovecotAnyoneRefusal_BecomesAClearNo()
    {
        var rewritten = Session("Dovecot").RewriteTagged("a5 BAD Error in IMAP command SETACL: 'anyone' identifier is disallowed\r\n"u8);
        Assert.NotNull(rewritten);
        Assert.StartsWith("a5 NO [NOPERM] This server does not allow rights for 'anyone'", rewritten, StringComparison.Ordinal);
        Assert.Contains("acl_anyone = allow", rewritten, StringComparison.Ordinal);
        Assert.Null(Session("Dovecot").RewriteTagged("a5 NO [NOPERM] You lack administrator privileges on this mailbox\r\n"u8));
        Assert.Null(Session("Cyrus").RewriteTagged("a5 BAD Error in IMAP command SETACL: 'anyone' identifier is disallowed\r\n"u8));
    }

    [Fact]
    public void OwnerResolver_FromTheHierarchy()
    {
        var courier = AclOwner.Resolver(new HierarchyMap(ServerView.Courier()), "alice");
        Assert.Equal("alice", courier("INBOX.Calendar"));
        Assert.Equal("alice", courier("INBOX"));
        Assert.Equal("carol", courier("#shared.carol.Calendar"));
        Assert.Null(courier("shared.x"));

        var dovecot = AclOwner.Resolver(new HierarchyMap(ServerView.Dovecot('/')), "bob");
        Assert.Equal("alice", dovecot("shared/alice/Team"));
        Assert.Equal("bob", dovecot("Calendar"));
    }
}
