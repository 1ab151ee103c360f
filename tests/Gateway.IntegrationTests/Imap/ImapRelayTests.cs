using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Gateway.IntegrationTests.Fixtures;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Gateway.IntegrationTests.Imap;

/// <summary>
/// MailKit's ImapClient through the gateway against a real server: the same tests run against
/// Dovecot, Cyrus and Courier (one subclass each).
/// </summary>
public abstract class ImapRelayTests
{
    private protected abstract UpstreamServer Server { get; }

    private protected Task<GatewayInstance> StartGatewayAsync(object? imapOptions = null) =>
        GatewayInstance.StartAsync(Scogw.Endpoint(Server.Port("IMAP_PORT")), imapOptions);

    private static async Task<ImapClient> ConnectAsync(GatewayInstance gateway, string user = "alice", bool loginCommand = false)
    {
        var client = new ImapClient();
        await client.ConnectAsync(gateway.Imap.Address.ToString(), gateway.Imap.Port, SecureSocketOptions.None);
        if (loginCommand)
        {
            // With no SASL mechanism left, MailKit falls back to the LOGIN command.
            client.AuthenticationMechanisms.Clear();
        }

        await client.AuthenticateAsync(user, user + "pw");
        return client;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Login_WithAuthenticatePlainOrLogin_GivesFilteredCapabilities(bool loginCommand)
    {
        await using var gateway = await StartGatewayAsync();
        using var client = await ConnectAsync(gateway, "bob", loginCommand);

        Assert.True(client.IsAuthenticated);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.IMAP4rev1));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Idle));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Namespace));
        Assert.False(client.Capabilities.HasFlag(ImapCapabilities.Compress));
        Assert.False(client.Capabilities.HasFlag(ImapCapabilities.StartTLS));
        await client.DisconnectAsync(true);
        Assert.DoesNotContain("bobpw", gateway.TrafficLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailboxWork_ThroughTheGateway_MatchesTheServer()
    {
        await using var gateway = await StartGatewayAsync();
        using var client = await ConnectAsync(gateway);
        var personal = client.GetFolder(client.PersonalNamespaces[0]);
        var name = "it-" + Guid.NewGuid().ToString("N")[..8];
        var folder = (await personal.CreateAsync(name, true))!;
        var other = (await personal.CreateAsync(name + "-b", true))!;
        try
        {
            // APPEND of a 20 MB message, then FETCH BODY[] byte-identical.
            var attachment = RandomNumberGenerator.GetBytes(20 * 1024 * 1024 / 4 * 3 / 4 * 4);
            var message = new MimeMessage();
            message.From.Add(new MailboxAddress("Alice", "alice@lab.test"));
            message.To.Add(new MailboxAddress("Bob", "bob@lab.test"));
            message.Subject = "big " + name;
            var body = new BodyBuilder { TextBody = "see attachment" };
            body.Attachments.Add("data.bin", attachment);
            message.Body = body.ToMessageBody();
            using var original = new MemoryStream();
            var format = FormatOptions.Default.Clone();
            format.NewLineFormat = NewLineFormat.Dos;
            await message.WriteToAsync(format, original);
            Assert.True(original.Length > 20_000_000, $"{original.Length}");

            var uid = await folder.AppendAsync(new AppendRequest(message) { Flags = MessageFlags.None });
            await folder.AppendAsync(new AppendRequest(Small("small " + name)));
            await folder.OpenAsync(FolderAccess.ReadWrite);
            Assert.Equal(2, folder.Count);
            var bigUid = uid ?? (await folder.SearchAsync(SearchQuery.SubjectContains("big"))).Single();
            using (var fetched = await folder.GetStreamAsync(bigUid, ""))
            using (var copy = new MemoryStream())
            {
                await fetched.CopyToAsync(copy);
                Assert.Equal(SHA256.HashData(original.ToArray()), SHA256.HashData(copy.ToArray()));
            }

            // SEARCH, STORE, COPY, MOVE, EXPUNGE, STATUS.
            var small = Assert.Single(await folder.SearchAsync(SearchQuery.SubjectContains("small")));
            await folder.AddFlagsAsync(small, MessageFlags.Flagged, true);
            Assert.Single(await folder.SearchAsync(SearchQuery.Flagged));
            await folder.CopyToAsync(small, other);
            await folder.MoveToAsync(bigUid, other);
            await folder.AddFlagsAsync(small, MessageFlags.Deleted, true);
            await folder.ExpungeAsync();
            Assert.Equal(0, folder.Count);
            await folder.CloseAsync();
            await other.StatusAsync(StatusItems.Count);
            Assert.Equal(2, other.Count);

            // Folder listing and NAMESPACE pass through.
            var names = (await personal.GetSubfoldersAsync()).Select(f => f.Name).ToList();
            Assert.Contains(name, names);
            Assert.NotEmpty(client.PersonalNamespaces);
        }
        finally
        {
            // Best-effort cleanup: a failure here must not hide the test's own failure.
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
            foreach (var created in new[] { other, folder })
            {
                try
                {
                    await created.DeleteAsync();
                }
                catch (ImapCommandException)
                {
                }
            }

            await client.DisconnectAsync(true);
        }
    }

    [Fact]
    public async Task Idle_SeesMailAppendedByAnotherClient()
    {
        await using var gateway = await StartGatewayAsync();
        using var idler = await ConnectAsync(gateway, "carol");
        using var writer = await ConnectAsync(gateway, "carol");
        var inbox = idler.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly);
        var before = inbox.Count;
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        inbox.CountChanged += (_, _) =>
        {
            if (inbox.Count > before)
            {
                arrived.TrySetResult();
            }
        };
        using var done = new CancellationTokenSource();
        var idle = idler.IdleAsync(done.Token);

        await writer.Inbox.AppendAsync(new AppendRequest(Small("idle test")));

        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await done.CancelAsync();
        await idle;
        Assert.True(inbox.Count > before);
        await idler.DisconnectAsync(true);
        await writer.DisconnectAsync(true);
    }

    [Fact]
    public async Task FiftyPipelinedCommands_CompleteInOrder_IncludingOnesTheGatewayAnswers()
    {
        await using var gateway = await StartGatewayAsync();
        using var socket = new TcpClient();
        await socket.ConnectAsync(gateway.Imap);
        var stream = socket.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await ReadUntilTaggedAsync(reader, null);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("a0 LOGIN alice alicepw\r\n"));
        Assert.Contains(" OK ", await ReadUntilTaggedAsync(reader, "a0"), StringComparison.Ordinal);

        var batch = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            batch.Append(i switch
            {
                _ when i % 10 == 5 => $"p{i} STARTTLS\r\n",
                _ when i % 2 == 0 => $"p{i} NOOP\r\n",
                _ => $"p{i} STATUS INBOX (MESSAGES UIDNEXT)\r\n",
            });
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(batch.ToString()));
        var tags = new List<string>();
        while (tags.Count < 50)
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new IOException("closed");
            if (line.StartsWith('p'))
            {
                tags.Add(line[..line.IndexOf(' ', StringComparison.Ordinal)]);
            }
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"p{i}"), tags);
    }

    private static async Task<string> ReadUntilTaggedAsync(StreamReader reader, string? tag)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new IOException("connection closed");
            if (tag is null || line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    private static MimeMessage Small(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Alice", "alice@lab.test"));
        message.To.Add(new MailboxAddress("Carol", "carol@lab.test"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "hello" };
        return message;
    }
}

[Collection(Collections.MailStack)]
public sealed class DovecotImapRelayTests(MailStackFixture servers) : ImapRelayTests
{
    private protected override UpstreamServer Server => servers.Dovecot;
}

[Collection(Collections.Cyrus)]
public sealed class CyrusImapRelayTests(CyrusFixture cyrus) : ImapRelayTests
{
    private protected override UpstreamServer Server => cyrus.Server;
}

[Collection(Collections.Courier)]
public sealed class CourierImapRelayTests(CourierFixture courier) : ImapRelayTests
{
    private protected override UpstreamServer Server => courier.Server;
}
