using System.Text;
using Gateway.Core.Configuration;
using Gateway.Imap.Hierarchy;
using Gateway.Imap.Tests.Wire;

namespace Gateway.Imap.Tests.Hierarchy;

public sealed class ServerViewDetectorTests
{
    private static NamespaceResponse Parse(string line)
    {
        var parsed = ImapWriterTests.ReadWhole(false, Encoding.UTF8.GetBytes(line + "\r\n"));
        Assert.True(NamespaceResponse.TryParse(parsed, out var response, out var error), error);
        return response;
    }

    private const string DovecotCaps = "IMAP4rev1 CHILDREN NAMESPACE SPECIAL-USE ACL";

    // Captured from the fixture servers (shared/notes/upstream-servers.md).
    [Theory]
    [InlineData(ServerProfile.Auto, "* NAMESPACE ((\"\" \"/\")) ((\"shared/\" \"/\")) NIL", '/', DovecotCaps, "Dovecot (Debian) ready.", "Dovecot", "", '/', "shared/", null, true, false)]
    [InlineData(ServerProfile.Auto, "* NAMESPACE ((\"INBOX.\" \".\")) ((\"user.\" \".\")) ((\"\" \".\"))", '.', "IMAP4rev1 ACL SPECIAL-USE", "localhost Cyrus IMAP 3.6.1-Debian-3.6.1-4+deb12u5 server ready", "Cyrus", "INBOX.", '.', "user.", "", true, false)]
    [InlineData(ServerProfile.Auto, "* NAMESPACE ((\"INBOX.\" \".\")) NIL ((\"#shared.\" \".\")(\"shared.\" \".\"))", '.', "IMAP4rev1 CHILDREN NAMESPACE ACL", "Courier-IMAP ready. Copyright 1998-2019 Double Precision, Inc.", "Courier", "INBOX.", '.', "#shared.", "shared.", false, true)]
    [InlineData(ServerProfile.Auto, "* NAMESPACE ((\"INBOX.\" \".\")) NIL ((\"#shared.\" \".\")(\"shared.\" \".\"))", '.', "IMAP4rev1", "ready", "Courier", "INBOX.", '.', "#shared.", "shared.", false, true)]
    [InlineData(ServerProfile.Courier, null, null, "IMAP4rev1", "ready", "Courier", "INBOX.", '.', "#shared.", "shared.", false, true)]
    [InlineData(ServerProfile.Cyrus, null, null, "IMAP4rev1", "ready", "Cyrus", "INBOX.", '.', "user.", "", false, false)]
    [InlineData(ServerProfile.Cyrus, "* NAMESPACE ((\"\" \"/\")) ((\"Other Users/\" \"/\")) ((\"Shared Folders/\" \"/\"))", '/', "SPECIAL-USE", "ready", "Cyrus", "", '/', "Other Users/", "Shared Folders/", true, false)]
    [InlineData(ServerProfile.Auto, null, '.', "IMAP4rev1", "ready", "Unknown", "", '.', null, null, false, false)]
    [InlineData(ServerProfile.Auto, "* NAMESPACE ((\"\" \"/\")(\"#mh/\" \"/\")) ((\"~\" \"/\")) ((\"#shared/\" \"/\")(\"#public/\" \"/\"))", '/', "IMAP4rev1", "ready", "Unknown", "", '/', "~", "#shared/", false, false)]
    public void Detect(
        ServerProfile profile, string? ns, char? listDelimiter, string caps, string greeting,
        string kind, string personal, char delimiter, string? otherUsers, string? shared, bool specialUse, bool separately)
    {
        var hints = new ServerHints(ns is null ? null : Parse(ns), listDelimiter, caps.Split(' '), greeting);
        var view = ServerViewDetector.Detect(profile, hints);
        Assert.Equal(kind, view.Kind.ToString());
        Assert.Equal(personal, view.Personal.Prefix);
        Assert.Equal(delimiter, view.Delimiter);
        Assert.Equal(otherUsers, view.OtherUsers?.Prefix);
        Assert.Equal(shared, view.Shared?.Prefix);
        Assert.Equal(specialUse, view.HasSpecialUse);
        Assert.Equal(separately, view.ListsOtherUsersSeparately);
        Assert.False(view.SpecialFoldersUnderInbox);
    }

    [Fact]
    public void ScoOfficeV1_KeepsTheDetectedNamespaces_AndPutsSpecialFoldersUnderInbox()
    {
        var hints = new ServerHints(Parse("* NAMESPACE ((\"\" \"/\")) ((\"shared/\" \"/\")) NIL"), '/', ["IMAP4rev1"], "Dovecot ready.");
        var view = ServerViewDetector.Detect(ServerProfile.ScoOfficeV1, hints);
        Assert.True(view.SpecialFoldersUnderInbox);
        Assert.Equal(ServerKind.Dovecot, view.Kind);
        Assert.Equal("shared/", view.OtherUsers?.Prefix);
        Assert.True(new HierarchyMap(view).TryToServer("Calendar", out var server, out _));
        Assert.Equal("INBOX/Calendar", server);
    }

    [Fact]
    public void DetectKind_PrefersTheIdName()
    {
        var id = new Dictionary<string, string?> { ["name"] = "Cyrus IMAPd" };
        Assert.Equal(ServerKind.Cyrus, ServerViewDetector.DetectKind(new ServerHints(null, null, [], "Dovecot ready.", id)));
    }

    [Theory]
    [InlineData("* NAMESPACE ((\"\" \"/\" \"X-PARAM\" (\"a\" \"b\"))) NIL NIL", "", '/')]
    [InlineData("* NAMESPACE ((\"&AOk-/\" \"/\")) NIL NIL", "é/", '/')]
    [InlineData("* NAMESPACE ((\"\" NIL)) NIL NIL", "", '\0')]
    public void NamespaceResponse_ParsesExtensionsEncodedPrefixesAndNil(string line, string prefix, char delimiter)
    {
        var ns = Parse(line);
        Assert.Equal(new ServerNamespace(prefix, delimiter), Assert.Single(ns.Personal));
        Assert.Empty(ns.OtherUsers);
        Assert.Empty(ns.Shared);
    }

    [Theory]
    [InlineData("* NAMESPACE NIL NIL", "group 3: missing")]
    [InlineData("* NAMESPACE (\"\" \"/\") NIL NIL", "group 1")]
    [InlineData("* NAMESPACE ((\"\" \"//\")) NIL NIL", "one-character delimiter")]
    [InlineData("* NAMESPACE () NIL NIL", "group 1")]
    [InlineData("* NAMESPACE NIL NIL NIL extra", "unexpected tokens")]
    [InlineData("* LIST () \"/\" INBOX", "not an untagged NAMESPACE")]
    public void NamespaceResponse_RejectsMalformedLines(string line, string reason)
    {
        var parsed = ImapWriterTests.ReadWhole(false, Encoding.UTF8.GetBytes(line + "\r\n"));
        Assert.False(NamespaceResponse.TryParse(parsed, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
