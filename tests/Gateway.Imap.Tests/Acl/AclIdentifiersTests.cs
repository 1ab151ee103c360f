using Gateway.Imap.Acl;
using Gateway.Imap.Hierarchy;

namespace Gateway.Imap.Tests.Acl;

public sealed class AclIdentifiersTests
{
    private static readonly AclOptions Domain = new() { LoginDomain = "example.com" };

    private static string? ToServer(string client, ServerKind kind, string? owner = "alice", AclOptions? options = null)
    {
        Assert.True(AclIdentifiers.TryFromClient(client, options ?? Domain, out var identifier, out var error), error);
        return AclIdentifiers.TryToServer(identifier, kind, owner, out var wire, out var reason) ? wire : "NO: " + reason;
    }

    [Theory]
    [InlineData("bob", "Dovecot", "bob")]
    [InlineData("bob", "Cyrus", "bob")]
    [InlineData("bob", "Courier", "bob")] // bare login on the wire, never user=bob ("NO Invalid ACL identifier.")
    [InlineData("user=bob", "Courier", "bob")]
    [InlineData("bob@example.com", "Dovecot", "bob")]
    [InlineData("Bob@EXAMPLE.com", "Cyrus", "Bob")]
    [InlineData("bob@elsewhere.org", "Dovecot", "bob@elsewhere.org")]
    [InlineData("-bob", "Dovecot", "-bob")]
    [InlineData("-bob@example.com", "Courier", "-bob")]
    [InlineData("anyone", "Dovecot", "anyone")]
    [InlineData("anyone", "Cyrus", "anyone")]
    [InlineData("anyone", "Courier", "anyone")]
    [InlineData("-anyone", "Cyrus", "-anyone")]
    [InlineData("authenticated", "Dovecot", "authenticated")]
    [InlineData("authenticated", "Courier", "authuser")]
    [InlineData("anonymous", "Cyrus", "anonymous")]
    [InlineData("anonymous", "Courier", "anonymous")]
    [InlineData("owner", "Dovecot", "owner")]
    [InlineData("owner", "Courier", "owner")]
    [InlineData("owner", "Cyrus", "alice")]
    [InlineData("alice", "Courier", "owner")] // Courier's owner entry is the owner
    [InlineData("alice@example.com", "Courier", "owner")]
    [InlineData("administrators", "Courier", "administrators")]
    [InlineData("group:sales", "Cyrus", "group:sales")]
    [InlineData("group:sales", "Dovecot", "$sales")]
    [InlineData("$sales", "Cyrus", "group:sales")]
    [InlineData("-group:sales", "Dovecot", "-$sales")]
    [InlineData("!$sales", "Dovecot", "!$sales")]
    public void ClientToServer(string client, string kindName, string server) => Assert.Equal(server, ToServer(client, Enum.Parse<ServerKind>(kindName)));

    [Theory]
    [InlineData("authenticated", "Cyrus", "no 'authenticated'")]
    [InlineData("anonymous", "Dovecot", "no 'anonymous'")]
    [InlineData("group:sales", "Courier", "cannot name groups")]
    [InlineData("group=sales", "Courier", "cannot name groups")]
    public void ClientToServer_IdentifiersTheServerLacks_AreRefusedWithAReason(string client, string kindName, string reason)
    {
        var result = ToServer(client, Enum.Parse<ServerKind>(kindName));
        Assert.StartsWith("NO: ", result, StringComparison.Ordinal);
        Assert.Contains(reason, result, StringComparison.Ordinal);
    }

    [Fact]
    public void Owner_OnCyrus_WithoutAKnownOwner_IsRefused() =>
        Assert.StartsWith("NO: ", ToServer("owner", ServerKind.Cyrus, owner: null), StringComparison.Ordinal);

    [Fact]
    public void EmptyIdentifier_IsRejected() => Assert.False(AclIdentifiers.TryFromClient("", Domain, out _, out _));

    [Theory]
    [InlineData("bob", "Dovecot", "bob")]
    [InlineData("-carol", "Dovecot", "-carol")]
    [InlineData("$sales", "Dovecot", "group:sales")]
    [InlineData("authenticated", "Dovecot", "authenticated")]
    [InlineData("group:staff", "Cyrus", "group:staff")]
    [InlineData("anonymous", "Cyrus", "anonymous")]
    [InlineData("owner", "Courier", "alice")] // shown as the owner, like Dovecot and Cyrus do
    [InlineData("administrators", "Courier", "administrators")]
    [InlineData("authuser", "Courier", "authenticated")]
    [InlineData("-authuser", "Courier", "-authenticated")]
    [InlineData("anyone", "Courier", "anyone")]
    [InlineData("user=bob", "Courier", "bob")]
    public void ServerToClient(string server, string kindName, string client) =>
        Assert.Equal(client, AclIdentifiers.ToClient(AclIdentifiers.FromServer(server, Enum.Parse<ServerKind>(kindName)), "alice", Domain));

    [Fact]
    public void ServerToClient_OwnerUnknown_ShowsOwner() =>
        Assert.Equal("owner", AclIdentifiers.ToClient(AclIdentifiers.FromServer("owner", ServerKind.Courier), null, Domain));

    [Fact]
    public void ServerToClient_AsAddresses_WhenConfigured()
    {
        var options = Domain with { IdentifiersAsAddresses = true };
        Assert.Equal("bob@example.com", AclIdentifiers.ToClient(AclIdentifier.User("bob"), "alice", options));
        Assert.Equal("alice@example.com", AclIdentifiers.ToClient(AclIdentifier.Owner, "alice", options));
        Assert.Equal("anyone", AclIdentifiers.ToClient(AclIdentifier.Anyone, "alice", options));
        Assert.Equal("bob", ToServer("bob@example.com", ServerKind.Cyrus, options: options));
    }

    [Fact]
    public void Options_Validate_NamesTheKeys()
    {
        Assert.Empty(Domain.Validate());
        var errors = new AclOptions { LoginDomain = "a@b", ClientDialect = (AclClientDialect)9 }.Validate();
        Assert.Contains(errors, e => e.StartsWith("Acl:LoginDomain", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Acl:ClientDialect", StringComparison.Ordinal));
        Assert.Contains(new AclOptions { IdentifiersAsAddresses = true }.Validate(), e => e.StartsWith("Acl:IdentifiersAsAddresses", StringComparison.Ordinal));
    }
}
