using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Imap;

/// <summary>
/// Issue 5 through the gateway: folder sharing with classic RFC 2086 rights against Dovecot, Cyrus and Courier,
/// each of which speaks its own ACL dialect underneath.
/// </summary>
public abstract class AclTests
{
    private protected abstract UpstreamServer Server { get; }

    private static async Task<RawImapSession> LoginAsync(GatewayInstance gateway, string user)
    {
        var session = await RawImapSession.OpenAsync(gateway.Imap);
        await session.SendAsync($"l1 LOGIN {user} {user}pw");
        Assert.StartsWith("l1 OK", await session.ReadTaggedAsync("l1"), StringComparison.Ordinal);
        return session;
    }

    private static async Task<List<string>> RunAsync(RawImapSession session, string tag, string command)
    {
        await session.SendAsync($"{tag} {command}");
        return await session.ReadResponseAsync(tag);
    }

    private static async Task<string> StatusAsync(RawImapSession session, string tag, string command) => (await RunAsync(session, tag, command))[^1];

    private static async Task<bool> SeesAsync(RawImapSession session, string tag, string folder) =>
        (await RunAsync(session, tag, "LIST \"\" \"Other Users/*\"")).Any(l => l.EndsWith($" \"{folder}\"", StringComparison.Ordinal));

    private static async Task AssertSeesAsync(RawImapSession session, string tag, string folder)
    {
        var lines = await RunAsync(session, tag, "LIST \"\" \"Other Users/*\"");
        Assert.True(lines.Any(l => l.EndsWith($" \"{folder}\"", StringComparison.Ordinal)), $"{folder} not in:\n{string.Join('\n', lines)}");
    }

    /// <summary>APPEND with a synchronising literal (Courier has no LITERAL+); returns the tagged completion.</summary>
    private static async Task<string> AppendAsync(RawImapSession session, string tag, string mailbox)
    {
        await session.SendAsync($"{tag} APPEND \"{mailbox}\" {{{Message.Length}}}");
        var first = await session.ReadLineAsync();
        while (first.StartsWith('*'))
        {
            first = await session.ReadLineAsync();
        }

        if (!first.StartsWith('+'))
        {
            return first;
        }

        await session.SendAsync(Message);
        return await session.ReadTaggedAsync(tag);
    }

    private const string Message = "From: alice@lab.test\r\nSubject: shared\r\n\r\nhello\r\n";

    [Fact]
    public async Task Sharing_WithClassicRights_GrantsAndRevokesAccess()
    {
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(Server.Port("IMAP_PORT")));
        var folder = "acl" + Guid.NewGuid().ToString("N")[..6];
        var shared = $"Other Users/alice/{folder}";
        await using var alice = await LoginAsync(gateway, "alice");
        Assert.StartsWith("a1 OK", await StatusAsync(alice, "a1", $"CREATE \"{folder}\""), StringComparison.Ordinal);
        Assert.StartsWith("a2 OK", await AppendAsync(alice, "a2", folder), StringComparison.Ordinal);

        // alice grants bob lr; GETACL shows it in classic letters.
        Assert.StartsWith("a3 OK", await StatusAsync(alice, "a3", $"SETACL \"{folder}\" bob lr"), StringComparison.Ordinal);
        var acl = await RunAsync(alice, "a4", $"GETACL \"{folder}\"");
        var aclLine = Assert.Single(acl, l => l.StartsWith("* ACL ", StringComparison.Ordinal));
        Assert.Contains(" bob lr", aclLine, StringComparison.Ordinal);
        Assert.StartsWith($"* ACL \"{folder}\"", aclLine, StringComparison.Ordinal);

        // bob sees the folder under Other Users, can read it, cannot append. (Each of bob's checks uses a new
        // session: Dovecot caches other users' ACLs per session for acl_cache_secs, 30 s by default.)
        await using var bob = await LoginAsync(gateway, "bob");
        await AssertSeesAsync(bob, "b1", shared);
        Assert.StartsWith("b2 OK", await StatusAsync(bob, "b2", $"SELECT \"{shared}\""), StringComparison.Ordinal);
        var fetch = await RunAsync(bob, "b3", "FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
        Assert.Contains(fetch, l => l.Contains("Subject: shared", StringComparison.Ordinal));
        Assert.StartsWith("b4 NO", await AppendAsync(bob, "b4", shared), StringComparison.Ordinal);

        // alice adds i; now bob's APPEND succeeds.
        Assert.StartsWith("a5 OK", await StatusAsync(alice, "a5", $"SETACL \"{folder}\" bob +i"), StringComparison.Ordinal);
        await using var bobWithInsert = await LoginAsync(gateway, "bob");
        Assert.StartsWith("b5 OK", await AppendAsync(bobWithInsert, "b5", shared), StringComparison.Ordinal);

        // alice deletes bob's entry; bob loses the folder.
        Assert.StartsWith("a6 OK", await StatusAsync(alice, "a6", $"DELETEACL \"{folder}\" bob"), StringComparison.Ordinal);
        Assert.StartsWith("b6 OK", await StatusAsync(bob, "b6", "LOGOUT"), StringComparison.Ordinal);
        await using var bobAgain = await LoginAsync(gateway, "bob");
        Assert.False(await SeesAsync(bobAgain, "b7", shared));

        // anyone lr makes it visible to carol.
        Assert.StartsWith("a7 OK", await StatusAsync(alice, "a7", $"SETACL \"{folder}\" anyone lr"), StringComparison.Ordinal);
        await using var carol = await LoginAsync(gateway, "carol");
        await AssertSeesAsync(carol, "c1", shared);
        Assert.StartsWith("a8 OK", await StatusAsync(alice, "a8", $"DELETEACL \"{folder}\" anyone"), StringComparison.Ordinal);
        Assert.StartsWith("a9 OK", await StatusAsync(alice, "a9", $"DELETE \"{folder}\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullClassicRights_RoundTrip_AndOwnerLockoutIsRefused()
    {
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(Server.Port("IMAP_PORT")));
        var folder = "acl" + Guid.NewGuid().ToString("N")[..6];
        await using var alice = await LoginAsync(gateway, "alice");
        Assert.StartsWith("a1 OK", await StatusAsync(alice, "a1", $"CREATE \"{folder}\""), StringComparison.Ordinal);

        // lrswipcda goes to the server's equivalent and comes back exactly.
        Assert.StartsWith("a2 OK", await StatusAsync(alice, "a2", $"SETACL \"{folder}\" bob lrswipcda"), StringComparison.Ordinal);
        var acl = await RunAsync(alice, "a3", $"GETACL \"{folder}\"");
        Assert.Contains(" bob lrswipcda", Assert.Single(acl, l => l.StartsWith("* ACL ", StringComparison.Ordinal)), StringComparison.Ordinal);

        // MYRIGHTS and LISTRIGHTS speak classic letters only.
        var myRights = Assert.Single(await RunAsync(alice, "a4", $"MYRIGHTS \"{folder}\""), l => l.StartsWith("* MYRIGHTS ", StringComparison.Ordinal));
        Assert.Matches("^\\* MYRIGHTS \"[^\"]+\" \"?[lrswipcda]+\"?$", myRights);
        var listRights = Assert.Single(await RunAsync(alice, "a5", $"LISTRIGHTS \"{folder}\" bob"), l => l.StartsWith("* LISTRIGHTS ", StringComparison.Ordinal));
        Assert.Matches("^\\* LISTRIGHTS \"[^\"]+\" \"?bob\"? (\"\"|\"?[lrswipcda]*\"?)( \"?[lrswipcda]+\"?)*$", listRights);

        // Taking l or a away from the owner is refused with a reason; nothing reaches the server.
        var refused = await StatusAsync(alice, "a6", $"SETACL \"{folder}\" alice lrs");
        Assert.StartsWith("a6 NO", refused, StringComparison.Ordinal);
        Assert.Contains("owner", refused, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("a7 NO", await StatusAsync(alice, "a7", $"DELETEACL \"{folder}\" alice"), StringComparison.Ordinal);
        Assert.StartsWith("a8 OK", await StatusAsync(alice, "a8", $"MYRIGHTS \"{folder}\""), StringComparison.Ordinal);

        // bob, holding a, can always (re)grant the owner full rights.
        await using var bob = await LoginAsync(gateway, "bob");
        Assert.StartsWith("b1 OK", await StatusAsync(bob, "b1", $"SETACL \"Other Users/alice/{folder}\" alice lrswipcda"), StringComparison.Ordinal);
        Assert.StartsWith("a9 OK", await StatusAsync(alice, "a9", $"DELETE \"{folder}\""), StringComparison.Ordinal);
    }
}

[Collection(Collections.MailStack)]
public sealed class DovecotAclTests(MailStackFixture servers) : AclTests
{
    private protected override UpstreamServer Server => servers.Dovecot;
}

[Collection(Collections.Cyrus)]
public sealed class CyrusAclTests(CyrusFixture cyrus) : AclTests
{
    private protected override UpstreamServer Server => cyrus.Server;
}

[Collection(Collections.Courier)]
public sealed class CourierAclTests(CourierFixture courier) : AclTests
{
    private protected override UpstreamServer Server => courier.Server;
}
