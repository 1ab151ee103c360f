using System.Security.Cryptography.X509Certificates;
using Gateway.IntegrationTests.Fixtures;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Gateway.IntegrationTests.Imap;

/// <summary>
/// Issue 4's conformance scenario: the same folder work through the gateway gives the same client-visible
/// tree on Dovecot, Cyrus and Courier, while each server stores the folders under its own names.
/// </summary>
public abstract class HierarchyConformanceTests
{
    private static readonly string[] s_specialFolders = ["Contacts", "Calendar", "Journal", "Notes", "Tasks"];

    private protected abstract UpstreamServer Server { get; }

    /// <summary>The server's name for a client folder path given as levels.</summary>
    private protected abstract string ServerName(params string[] levels);

    /// <summary>The server's name for a client INBOX child.</summary>
    private protected abstract string ServerInboxChild(string name);

    [Fact]
    public async Task FolderWork_ThroughTheGateway_LooksTheSameOnEveryServer()
    {
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(Server.Port("IMAP_PORT")));
        using var client = new ImapClient();
        await client.ConnectAsync(gateway.Imap.Address.ToString(), gateway.Imap.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync("alice", "alicepw");

        // The client view: personal folders at the root with "/", others' folders under "Other Users/".
        Assert.Equal("", client.PersonalNamespaces[0].Path);
        Assert.Equal('/', client.PersonalNamespaces[0].DirectorySeparator);
        Assert.Equal("Other Users", client.OtherNamespaces[0].Path);

        var id = "cf" + Guid.NewGuid().ToString("N")[..6];
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        foreach (var special in s_specialFolders)
        {
            var existing = (await root.GetSubfoldersAsync()).Select(f => f.FullName).ToList();
            if (!existing.Contains(special))
            {
                await root.CreateAsync(special, true);
            }
        }

        var calendario = (await root.CreateAsync($"{id}-Calendário", true))!;
        await calendario.CreateAsync("日历", true);
        var project = (await root.CreateAsync($"{id}-Projekt", true))!;
        await project.CreateAsync("Sub", true);
        await client.Inbox.CreateAsync($"{id}-inbox-child", true);

        // LIST "" "*": the same tree on every server, no server prefixes, no hidden container.
        var all = (await client.GetFoldersAsync(client.PersonalNamespaces[0], subscribedOnly: false, CancellationToken.None)).Select(f => f.FullName).ToList();
        Assert.Equal(
            [$"INBOX/{id}-inbox-child", $"{id}-Calendário", $"{id}-Calendário/日历", $"{id}-Projekt", $"{id}-Projekt/Sub"],
            all.Where(n => n.Contains(id, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("INBOX", all);
        Assert.All(s_specialFolders, s => Assert.Contains(s, all));
        Assert.DoesNotContain(all, n => n.StartsWith("INBOX.", StringComparison.Ordinal) || n.Contains("Inbox-Subfolders", StringComparison.Ordinal));

        // LIST "" "%": only the top level, with truthful child attributes.
        var top = await root.GetSubfoldersAsync();
        var topCalendario = Assert.Single(top, f => f.FullName == $"{id}-Calendário");
        Assert.True(topCalendario.Attributes.HasFlag(FolderAttributes.HasChildren));
        Assert.DoesNotContain(top, f => f.FullName.Contains('/', StringComparison.Ordinal));
        Assert.Contains(top, f => f.FullName == "INBOX" && f.Attributes.HasFlag(FolderAttributes.HasChildren));

        // Rename, subscribe, status.
        var projectAgain = Assert.Single(top, f => f.FullName == $"{id}-Projekt");
        await projectAgain.RenameAsync(root, $"{id}-Projekt2");
        var chinese = await client.GetFolderAsync($"{id}-Calendário/日历");
        await chinese.SubscribeAsync();
        await chinese.StatusAsync(StatusItems.Count);
        Assert.Equal(0, chinese.Count);
        var subscribed = (await client.GetFoldersAsync(client.PersonalNamespaces[0], subscribedOnly: true, CancellationToken.None)).Select(f => f.FullName).ToList();
        Assert.Contains($"{id}-Calendário/日历", subscribed);
        var renamed = (await client.GetFoldersAsync(client.PersonalNamespaces[0], subscribedOnly: false, CancellationToken.None)).Select(f => f.FullName).ToList();
        Assert.Contains($"{id}-Projekt2/Sub", renamed);
        Assert.DoesNotContain($"{id}-Projekt", renamed);

        // Carol's shared Calendar, under Other Users on every server, selectable.
        var others = (await client.GetFoldersAsync(client.OtherNamespaces[0], subscribedOnly: false, CancellationToken.None)).Select(f => f.FullName).ToList();
        Assert.Contains("Other Users/carol/Calendar", others);
        var shared = await client.GetFolderAsync("Other Users/carol/Calendar");
        await shared.OpenAsync(FolderAccess.ReadOnly);
        await shared.CloseAsync();

        // On the server: each stores the folders under its own names.
        var serverNames = await ServerFolderNamesAsync();
        Assert.Contains(ServerName($"{id}-Calendário", "日历"), serverNames);
        Assert.Contains(ServerName($"{id}-Projekt2", "Sub"), serverNames);
        Assert.Contains(ServerInboxChild($"{id}-inbox-child"), serverNames);
        Assert.All(s_specialFolders, s => Assert.Contains(ServerName(s), serverNames));

        // Delete: gone from the client view and from the server.
        await (await client.GetFolderAsync($"{id}-Calendário/日历")).DeleteAsync();
        await (await client.GetFolderAsync($"{id}-Calendário")).DeleteAsync();
        await (await client.GetFolderAsync($"{id}-Projekt2/Sub")).DeleteAsync();
        await (await client.GetFolderAsync($"{id}-Projekt2")).DeleteAsync();
        await (await client.GetFolderAsync($"INBOX/{id}-inbox-child")).DeleteAsync();
        var after = (await client.GetFoldersAsync(client.PersonalNamespaces[0], subscribedOnly: false, CancellationToken.None)).Select(f => f.FullName).ToList();
        Assert.DoesNotContain(after, n => n.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(await ServerFolderNamesAsync(), n => n.Contains(id, StringComparison.Ordinal));
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task UnmappableName_IsRefusedWithAReason_AndNothingIsCreated()
    {
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(Server.Port("IMAP_PORT")));
        await using var session = await RawImapSession.OpenAsync(gateway.Imap);
        await session.SendAsync("a1 LOGIN alice alicepw");
        Assert.StartsWith("a1 OK", await session.ReadTaggedAsync("a1"), StringComparison.Ordinal);

        await session.SendAsync("a2 CREATE \"empty//level\"");
        var reply = await session.ReadResponseAsync("a2");
        Assert.StartsWith("a2 NO", reply[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(await ServerFolderNamesAsync(), n => n.Contains("empty", StringComparison.Ordinal));

        // NAMESPACE is the client view, answered by the gateway.
        await session.SendAsync("a3 NAMESPACE");
        var ns = await session.ReadResponseAsync("a3");
        Assert.Equal("* NAMESPACE ((\"\" \"/\")) ((\"Other Users/\" \"/\")) " + SharedNamespace, ns[0]);
    }

    [Fact]
    public async Task OutlooksNamesForSpecialFolders_AreTheServersOwn_OnListAndLsub()
    {
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(Server.Port("IMAP_PORT")));
        await using var session = await RawImapSession.OpenAsync(gateway.Imap);
        await session.SendAsync("a1 LOGIN alice alicepw");
        Assert.StartsWith("a1 OK", await session.ReadTaggedAsync("a1"), StringComparison.Ordinal);

        // Outlook 2000 creates "Sent Items": it is the server's Sent, not a second folder.
        await session.SendAsync("a2 CREATE \"Sent Items\"");
        Assert.StartsWith("a2 OK", await session.ReadTaggedAsync("a2"), StringComparison.Ordinal);
        await session.SendAsync("a3 SELECT \"Elementos enviados\"");
        Assert.StartsWith("a3 OK", await session.ReadTaggedAsync("a3"), StringComparison.Ordinal);
        await session.SendAsync("a4 LIST \"\" \"*\"");
        var list = await session.ReadResponseAsync("a4");
        Assert.DoesNotContain(list, l => l.Contains("Sent Items", StringComparison.Ordinal));
        Assert.Contains(list, l => l.StartsWith("* LIST (", StringComparison.Ordinal) && l.Contains("\\Sent", StringComparison.Ordinal) && l.EndsWith(" \"Sent\"", StringComparison.Ordinal));
        Assert.DoesNotContain(await ServerFolderNamesAsync(), n => n.Contains("Sent Items", StringComparison.Ordinal));

        // SPECIAL-USE on LSUB as well (Outlook 2013 reads it there), and no \Noselect on selectable folders.
        await session.SendAsync("a5 SUBSCRIBE \"Sent\"");
        Assert.StartsWith("a5 OK", await session.ReadTaggedAsync("a5"), StringComparison.Ordinal);
        await session.SendAsync("a6 LSUB \"\" \"*\"");
        var lsub = await session.ReadResponseAsync("a6");
        Assert.Contains(lsub, l => l.StartsWith("* LSUB (", StringComparison.Ordinal) && l.Contains("\\Sent", StringComparison.Ordinal) && l.EndsWith(" \"Sent\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lsub, l => l.Contains("\\Noselect", StringComparison.Ordinal) && (l.EndsWith(" \"INBOX\"", StringComparison.Ordinal) || l.EndsWith(" \"Sent\"", StringComparison.Ordinal)));
        Assert.Contains(lsub, l => l.EndsWith(" \"Other Users/carol/Calendar\"", StringComparison.Ordinal));
        Assert.StartsWith("a6 OK", lsub[^1], StringComparison.Ordinal);
    }

    /// <summary>The client's view of the server's public namespace in NAMESPACE.</summary>
    private protected abstract string SharedNamespace { get; }

    private static bool IssuedByTestCa(X509Certificate? certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(TestTls.CaPath));
        return certificate is X509Certificate2 server && chain.Build(server);
    }

    private async Task<List<string>> ServerFolderNamesAsync()
    {
        using var direct = new ImapClient { ServerCertificateValidationCallback = (_, certificate, _, _) => IssuedByTestCa(certificate) };
        await direct.ConnectAsync("127.0.0.1", Server.Port("IMAP_PORT"), SecureSocketOptions.StartTlsWhenAvailable);
        await direct.AuthenticateAsync("alice", "alicepw");
        var names = new List<string>();
        foreach (var folder in await direct.GetFoldersAsync(direct.PersonalNamespaces[0], subscribedOnly: false, CancellationToken.None))
        {
            names.Add(folder.FullName);
        }

        await direct.DisconnectAsync(true);
        return names;
    }
}

[Collection(Collections.MailStack)]
public sealed class DovecotHierarchyConformanceTests(MailStackFixture servers) : HierarchyConformanceTests
{
    private protected override UpstreamServer Server => servers.Dovecot;

    private protected override string SharedNamespace => "NIL";

    private protected override string ServerName(params string[] levels) => string.Join('/', levels);

    private protected override string ServerInboxChild(string name) => "INBOX/" + name;

    [Fact]
    public async Task LegacyProfile_PutsSpecialFoldersUnderInbox_AndShowsThemAtTheRoot()
    {
        await using var gateway = await GatewayInstance.StartAsync(Scogw.Endpoint(Server.Port("IMAP_PORT")), profile: "ScoOfficeV1");
        using var client = new ImapClient();
        await client.ConnectAsync(gateway.Imap.Address.ToString(), gateway.Imap.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync("carol", "carolpw");
        var root = client.GetFolder(client.PersonalNamespaces[0]);

        await root.CreateAsync("Tasks", true);
        var top = (await root.GetSubfoldersAsync()).Select(f => f.FullName).ToList();
        Assert.Contains("Tasks", top);
        var inboxChildren = (await client.Inbox.GetSubfoldersAsync()).Select(f => f.FullName).ToList();
        Assert.DoesNotContain("INBOX/Tasks", inboxChildren);

        using (var direct = new ImapClient())
        {
            await direct.ConnectAsync("127.0.0.1", Server.Port("IMAP_PORT"), SecureSocketOptions.None);
            await direct.AuthenticateAsync("carol", "carolpw");
            var names = (await direct.GetFoldersAsync(direct.PersonalNamespaces[0], subscribedOnly: false, CancellationToken.None)).Select(f => f.FullName).ToList();
            Assert.Contains("INBOX/Tasks", names);
            Assert.DoesNotContain("Tasks", names);
            await direct.DisconnectAsync(true);
        }

        await (await client.GetFolderAsync("Tasks")).DeleteAsync();
        await client.DisconnectAsync(true);
    }
}

[Collection(Collections.Cyrus)]
public sealed class CyrusHierarchyConformanceTests(CyrusFixture cyrus) : HierarchyConformanceTests
{
    private protected override UpstreamServer Server => cyrus.Server;

    private protected override string SharedNamespace => "((\"Shared Folders/\" \"/\"))";

    private protected override string ServerName(params string[] levels) => "INBOX." + string.Join('.', levels);

    private protected override string ServerInboxChild(string name) => "INBOX.Inbox-Subfolders." + name;
}

[Collection(Collections.Courier)]
public sealed class CourierHierarchyConformanceTests(CourierFixture courier) : HierarchyConformanceTests
{
    private protected override UpstreamServer Server => courier.Server;

    private protected override string SharedNamespace => "((\"Shared Folders/\" \"/\"))";

    private protected override string ServerName(params string[] levels) => "INBOX." + string.Join('.', levels);

    private protected override string ServerInboxChild(string name) => "INBOX.Inbox-Subfolders." + name;
}
