using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Core.Listening;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.IntegrationTests.Fixtures;
using Gateway.Pop3.Maildrop;
using Gateway.Pop3.Session;
using MailKit;
using MailKit.Net.Pop3;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.IntegrationTests.Pop3;

/// <summary>The POP3 front against the fixture Dovecot: MailKit's Pop3Client through the gateway, the INBOX checked directly over IMAP.</summary>
[Collection(Collections.MailStack)]
public sealed class Pop3Tests(MailStackFixture servers)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);

    private static byte[] Message(string subject, string body, string? extraHeaders = null) => Encoding.UTF8.GetBytes(
        $"From: alice@lab.test\r\nTo: dave@lab.test\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@lab.test>\r\n" +
        $"Date: Mon, 06 Jan 2025 10:00:00 +0000\r\n{extraHeaders}\r\n{body}");

    [Fact]
    public async Task UidlListStat_AgreeWithTheImapInbox_AndRetrIsByteIdenticalToBody()
    {
        await using var mailbox = await DaveMailbox.OpenAsync(servers);
        await mailbox.AppendAsync(Message("one", "Hello.\r\n"));
        await mailbox.AppendAsync(Message("two", string.Concat(Enumerable.Repeat("A longer line of text for the second message.\r\n", 2000))));
        await mailbox.AppendAsync(Message("three", "Line\r\n\r\n-- \r\nsig\r\n"));
        var uids = await mailbox.UidsAsync();
        var sizes = await mailbox.SizesAsync();
        await using var gateway = await Pop3Gateway.StartAsync(servers);

        using var client = await gateway.ConnectAsync();
        var popSizes = await client.GetMessageSizesAsync();
        var popUidls = await client.GetMessageUidsAsync();

        Assert.Equal(3, client.Count);
        Assert.Equal(3, await client.GetMessageCountAsync());
        Assert.Equal(uids.Select(u => (int)sizes[u]), popSizes);
        Assert.Equal(uids.Select(u => string.Create(CultureInfo.InvariantCulture, $"{u:x8}{mailbox.UidValidity:x8}")), popUidls);
        for (var i = 0; i < 3; i++)
        {
            var imap = await mailbox.BodyAsync(uids[i]);
            Assert.Equal(imap, await RetrieveAsync(client, i));
            Assert.Equal(imap.Length, popSizes[i]);
        }

        // Dovecot's own POP3 server gives the same ids (its default format), so moving from it to the gateway re-downloads nothing.
        using var direct = new Pop3Client { ServerCertificateValidationCallback = new UpstreamCertificateValidator(false, TestTls.CaPath).CreateCallback("127.0.0.1") };
        await direct.ConnectAsync("127.0.0.1", servers.Dovecot.Port("POP3_PORT"), SecureSocketOptions.StartTls);
        await direct.AuthenticateAsync(DaveMailbox.User, "davepw");
        Assert.Equal(popUidls, await direct.GetMessageUidsAsync());
        await direct.DisconnectAsync(quit: true);

        // RETR used BODY.PEEK: the messages are still unread upstream.
        var flags = await mailbox.Inbox.FetchAsync(0, -1, MessageSummaryItems.Flags);
        Assert.All(flags, f => Assert.False(f.Flags!.Value.HasFlag(MessageFlags.Seen)));
        await client.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task Uidls_AreIdenticalInASecondSession_AndAfterAGatewayRestart()
    {
        await using var mailbox = await DaveMailbox.OpenAsync(servers);
        await mailbox.AppendAsync(Message("a", "a\r\n"));
        await mailbox.AppendAsync(Message("b", "b\r\n"));
        var config = Pop3Gateway.WriteConfig(servers);
        IList<string> first;
        await using (var gateway = await Pop3Gateway.StartAsync(config))
        {
            first = await UidlsAsync(gateway.Pop3);
            Assert.Equal(first, await UidlsAsync(gateway.Pop3));
        }

        await using var restarted = await Pop3Gateway.StartAsync(config);
        Assert.Equal(2, first.Count);
        Assert.Equal(first, await UidlsAsync(restarted.Pop3));
    }

    [Fact]
    public async Task DeleThenDroppedConnection_RemovesNothing_AndRsetUndoesMarks()
    {
        await using var mailbox = await DaveMailbox.OpenAsync(servers);
        for (var i = 0; i < 3; i++)
        {
            await mailbox.AppendAsync(Message($"keep {i}", "x\r\n"));
        }

        var before = await mailbox.UidsAsync();
        await using var gateway = await Pop3Gateway.StartAsync(servers);

        using (var raw = await RawPop3.ConnectAsync(gateway.Pop3))
        {
            await raw.LoginAsync();
            Assert.StartsWith("+OK", await raw.CommandAsync("DELE 1"), StringComparison.Ordinal);
            Assert.StartsWith("+OK", await raw.CommandAsync("DELE 2"), StringComparison.Ordinal);
        }

        await gateway.Events.WaitForAsync("disconnected without QUIT: 2 DELE marks discarded", EventTimeout);
        Assert.Equal(before, await mailbox.UidsAsync());
        Assert.Empty(await mailbox.DeletedUidsAsync());

        using var client = await gateway.ConnectAsync();
        await client.DeleteMessageAsync(0);
        await client.DeleteMessageAsync(2);
        Assert.Equal(1, await client.GetMessageCountAsync());
        await client.ResetAsync();
        Assert.Equal(3, await client.GetMessageCountAsync());
        await client.DisconnectAsync(quit: true);
        Assert.Equal(before, await mailbox.UidsAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DeleAndQuit_RemovesExactlyThoseMessages_AndKeepsTheUsersOwnDeletedMarks(bool withoutUidPlus)
    {
        await using var mailbox = await DaveMailbox.OpenAsync(servers);
        var uids = new List<uint>();
        for (var i = 0; i < 4; i++)
        {
            uids.Add(await mailbox.AppendAsync(Message($"m{i}", $"{i}\r\n")));
        }

        // Marked \Deleted by another client but not expunged: that is the user's business, not POP3's.
        var marked = await mailbox.AppendAsync(Message("marked elsewhere", "x\r\n"), MessageFlags.Deleted);

        await using var listener = withoutUidPlus ? await FallbackListener.StartAsync(servers) : null;
        await using var gateway = withoutUidPlus ? null : await Pop3Gateway.StartAsync(servers);
        var endPoint = listener?.EndPoint ?? gateway!.Pop3;

        using var client = await Pop3Gateway.ConnectAsync(endPoint);
        Assert.Equal(5, client.Count);
        await client.DeleteMessageAsync(1);
        await client.DeleteMessageAsync(3);
        await client.DisconnectAsync(quit: true);

        Assert.Equal([uids[0], uids[2], marked], await mailbox.UidsAsync());
        Assert.Equal([marked], await mailbox.DeletedUidsAsync());
    }

    [Fact]
    public async Task IgnoreDelete_KeepsEveryMessage()
    {
        await using var mailbox = await DaveMailbox.OpenAsync(servers);
        await mailbox.AppendAsync(Message("kept", "x\r\n"));
        var before = await mailbox.UidsAsync();
        await using var gateway = await Pop3Gateway.StartAsync(servers, new { IgnoreDelete = true });

        using var client = await gateway.ConnectAsync();
        await client.DeleteAllMessagesAsync();
        await client.DisconnectAsync(quit: true);

        await gateway.Events.WaitForAsync("1 DELE marks ignored (Pop3:IgnoreDelete)", EventTimeout);
        Assert.Equal(before, await mailbox.UidsAsync());
        Assert.Empty(await mailbox.DeletedUidsAsync());
    }

    [Fact]
    public async Task LeadingDotsLongLinesAnd8BitBody_RoundTrip()
    {
        await using var mailbox = await DaveMailbox.OpenAsync(servers);
        var longLine = new string('x', 3000);
        var body = $".\r\n..\r\n.leading dot\r\nGrüße aus Köln — 8 bit\r\n{longLine}\r\n. \r\nend\r\n";
        var uid = await mailbox.AppendAsync(Message("dots", body, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"));
        var imap = await mailbox.BodyAsync(uid);
        Assert.True(imap.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Grüße aus Köln")) > 0, "Dovecot kept the 8-bit body");
        await using var gateway = await Pop3Gateway.StartAsync(servers);

        using (var client = await gateway.ConnectAsync())
        {
            Assert.Equal(imap, await RetrieveAsync(client, 0));
            await client.DisconnectAsync(quit: true);
        }

        // On the wire: each line that starts with "." carries one more, and nothing else changes.
        using var raw = await RawPop3.ConnectAsync(gateway.Pop3);
        await raw.LoginAsync();
        var wire = await raw.MultiLineAsync("RETR 1");
        Assert.StartsWith($"+OK {imap.Length} octets\r\n", wire, StringComparison.Ordinal);
        Assert.Contains("\r\n..\r\n...\r\n..leading dot\r\n", wire, StringComparison.Ordinal);
        Assert.Contains($"\r\n{longLine}\r\n.. \r\nend\r\n.\r\n", wire, StringComparison.Ordinal);

        var top = await raw.MultiLineAsync("TOP 1 2");
        var header = Encoding.UTF8.GetString(imap)[..(Encoding.UTF8.GetString(imap).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)];
        Assert.Equal($"+OK top of message follows\r\n{header}..\r\n...\r\n.\r\n", top);
    }

    [Fact]
    public async Task TheMaildropIsASnapshot_NewMailWaitsAndMailExpungedElsewhereGivesErr()
    {
        await using var mailbox = await DaveMailbox.OpenAsync(servers);
        var first = await mailbox.AppendAsync(Message("first", "1\r\n"));
        await mailbox.AppendAsync(Message("second", "2\r\n"));
        await using var gateway = await Pop3Gateway.StartAsync(servers);
        using var raw = await RawPop3.ConnectAsync(gateway.Pop3);
        await raw.LoginAsync();
        var stat = await raw.CommandAsync("STAT");

        await mailbox.AppendAsync(Message("third", "3\r\n"));
        await mailbox.Inbox.AddFlagsAsync(new UniqueId(mailbox.UidValidity, first), MessageFlags.Deleted, silent: true);
        await mailbox.Inbox.ExpungeAsync();

        // NOOP goes upstream, where Dovecot then reports the expunge: the snapshot does not change, the message is gone.
        Assert.Equal("+OK", await raw.CommandAsync("NOOP"));
        Assert.Equal(stat, await raw.CommandAsync("STAT"));
        Assert.StartsWith("-ERR message 1 was removed", await raw.CommandAsync("RETR 1"), StringComparison.Ordinal);
        Assert.StartsWith("+OK", await raw.MultiLineAsync("RETR 2"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR no such message", await raw.CommandAsync("LIST 3"), StringComparison.Ordinal);
        Assert.StartsWith("+OK", await raw.CommandAsync("QUIT"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logins_RememberThePassword_RejectBadOnes_AndTheTrafficLogHidesSecrets()
    {
        await using var mailbox = await DaveMailbox.OpenAsync(servers);
        string directory;
        await using (var gateway = await Pop3Gateway.StartAsync(servers))
        {
            directory = gateway.Directory;
            using (var client = new Pop3Client())
            {
                await client.ConnectAsync("127.0.0.1", gateway.Pop3.Port, SecureSocketOptions.None);
                Assert.Contains("PLAIN", client.AuthenticationMechanisms);
                await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(DaveMailbox.User, "wrong-secret"));
                await client.AuthenticateAsync(DaveMailbox.User, "davepw");
                await client.DisconnectAsync(quit: true);
            }

            Assert.True(gateway.Credentials.TryGet(DaveMailbox.User, out var remembered));
            Assert.Equal("davepw", remembered);

            using var raw = await RawPop3.ConnectAsync(gateway.Pop3);
            Assert.StartsWith("+OK", await raw.CommandAsync("USER dave"), StringComparison.Ordinal);
            Assert.StartsWith("+OK maildrop has", await raw.CommandAsync("PASS davepw"), StringComparison.Ordinal);
            Assert.StartsWith("-ERR unknown command", await raw.CommandAsync("BOGUS"), StringComparison.Ordinal);
            Assert.StartsWith("+OK", await raw.CommandAsync("QUIT"), StringComparison.Ordinal);
        }

        // Stopping the gateway flushed the traffic log.
        var log = Pop3Gateway.TrafficLog(directory);
        Assert.Contains("PASS ***", log, StringComparison.Ordinal);
        Assert.Contains("AUTH PLAIN", log, StringComparison.Ordinal);
        Assert.DoesNotContain("davepw", log, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("\0dave\0davepw")), log, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("\0dave\0wrong-secret")), log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tls_StlsAndImplicitTls_Work(bool implicitTls)
    {
        await using var mailbox = await DaveMailbox.OpenAsync(servers);
        await mailbox.AppendAsync(Message("secure", "s\r\n"));
        await using var gateway = await Pop3Gateway.StartAsync(servers, clientTls: true);
        using var client = new Pop3Client { ServerCertificateValidationCallback = new UpstreamCertificateValidator(false, TestTls.CaPath).CreateCallback("127.0.0.1") };
        var endPoint = implicitTls ? gateway.Pop3Tls! : gateway.Pop3;

        await client.ConnectAsync("127.0.0.1", endPoint.Port, implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(DaveMailbox.User, "davepw");

        Assert.True(client.IsSecure);
        Assert.Equal(1, client.Count);
        Assert.Equal(await mailbox.BodyAsync((await mailbox.UidsAsync())[0]), await RetrieveAsync(client, 0));
        await client.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task PlaintextPipelinedAfterStls_IsDiscarded()
    {
        await using var gateway = await Pop3Gateway.StartAsync(servers, clientTls: true);
        using var socket = new TcpClient();
        await socket.ConnectAsync(gateway.Pop3);
        var plain = socket.GetStream();
        Assert.StartsWith("+OK", await RawPop3.ReadLineAsync(plain), StringComparison.Ordinal);

        await plain.WriteAsync(Encoding.ASCII.GetBytes("STLS\r\nUSER dave\r\n"));
        Assert.StartsWith("+OK", await RawPop3.ReadLineAsync(plain), StringComparison.Ordinal);
        await using var tls = new SslStream(plain, leaveInnerStreamOpen: true, new UpstreamCertificateValidator(false, TestTls.CaPath).CreateCallback("127.0.0.1"));
        await tls.AuthenticateAsClientAsync("127.0.0.1");

        // The injected USER was dropped: PASS has no user to go with.
        await tls.WriteAsync(Encoding.ASCII.GetBytes("PASS davepw\r\n"));
        Assert.StartsWith("-ERR send USER first", await RawPop3.ReadLineAsync(tls), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pop3Mailbox_ServesAnotherFolder_AndAMissingOneIsAClearError()
    {
        await using var mailbox = await DaveMailbox.OpenAsync(servers);
        await mailbox.AppendAsync(Message("in the inbox", "x\r\n"));
        var count = await mailbox.AppendToAsync("Archive", Message("archived", "y\r\n"));
        await using (var gateway = await Pop3Gateway.StartAsync(servers, new { Mailbox = "Archive" }))
        {
            using var client = await gateway.ConnectAsync();
            Assert.Equal(count, client.Count);
            Assert.Equal("archived", (await client.GetMessageAsync(count - 1)).Subject);
            await client.DisconnectAsync(quit: true);
        }

        await using var missing = await Pop3Gateway.StartAsync(servers, new { Mailbox = "No Such Folder" });
        using var raw = await RawPop3.ConnectAsync(missing.Pop3);
        Assert.StartsWith("+OK", await raw.CommandAsync("USER dave"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR [SYS/PERM] mailbox No Such Folder does not exist", await raw.CommandAsync("PASS davepw"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntrustedUpstreamCertificate_IsATemporaryError_AndThePasswordIsNotRemembered()
    {
        await using var gateway = await Pop3Gateway.StartAsync(servers, trustTestCa: false);
        using var raw = await RawPop3.ConnectAsync(gateway.Pop3);
        Assert.StartsWith("+OK", await raw.CommandAsync("USER dave"), StringComparison.Ordinal);

        Assert.StartsWith("-ERR [SYS/TEMP]", await raw.CommandAsync("PASS davepw"), StringComparison.Ordinal);
        Assert.Contains("untrusted root", await gateway.Events.WaitForAsync("the mail server is unavailable", EventTimeout), StringComparison.Ordinal);
        Assert.False(gateway.Credentials.TryGet(DaveMailbox.User, out _));
    }

    [Fact]
    public async Task UpstreamGoneDuringTheSession_IsATemporaryError_TheSessionEnds_AndNothingIsDeleted()
    {
        await using var doomed = await UpstreamServer.StartAsync("dovecot", ["IMAP_PORT", "IMAPS_PORT", "POP3_PORT"]);
        var imapPort = doomed.Port("IMAP_PORT");
        await using (var mailbox = await DaveMailbox.OpenAsync(imapPort))
        {
            await mailbox.AppendAsync(Message("survives", "x\r\n"));
        }

        await using var gateway = await Pop3Gateway.StartAsync(Pop3Gateway.WriteConfig(imapPort));
        using var raw = await RawPop3.ConnectAsync(gateway.Pop3);
        await raw.LoginAsync();
        Assert.StartsWith("+OK", await raw.CommandAsync("DELE 1"), StringComparison.Ordinal);

        await doomed.StopAsync();
        Assert.StartsWith("-ERR [SYS/TEMP] lost the connection to the mail server", await raw.CommandAsync("NOOP"), StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(() => raw.CommandAsync("STAT"));

        await doomed.StartAgainAsync();
        await using var after = await DaveMailbox.OpenAsync(imapPort, keep: true);
        Assert.Single(await after.UidsAsync());
        Assert.Empty(await after.DeletedUidsAsync());
    }

    [Fact]
    public async Task BadInput_GetsClearErrors_AndTheSessionGoesOn()
    {
        await using var mailbox = await DaveMailbox.OpenAsync(servers);
        await mailbox.AppendAsync(Message("only", "x\r\n"));
        await using var gateway = await Pop3Gateway.StartAsync(servers);
        using var raw = await RawPop3.ConnectAsync(gateway.Pop3);

        var capa = await raw.MultiLineAsync("CAPA");
        Assert.Contains("\r\nUIDL\r\n", capa, StringComparison.Ordinal);
        Assert.Contains("\r\nSASL PLAIN\r\n", capa, StringComparison.Ordinal);
        Assert.DoesNotContain("STLS", capa, StringComparison.Ordinal);
        Assert.Equal("+OK\r\nPLAIN\r\n.\r\n", await raw.MultiLineAsync("AUTH "));
        Assert.StartsWith("-ERR log in first", await raw.CommandAsync("STAT"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR send USER first", await raw.CommandAsync("PASS x"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR APOP", await raw.CommandAsync("APOP dave 0123456789abcdef0123456789abcdef"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR unsupported authentication mechanism", await raw.CommandAsync("AUTH CRAM-MD5"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR STLS not available", await raw.CommandAsync("STLS"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR line too long", await raw.CommandAsync(new string('x', 20_000)), StringComparison.Ordinal);
        await raw.LoginAsync();
        Assert.StartsWith("-ERR invalid message number", await raw.CommandAsync("RETR one"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR no such message", await raw.CommandAsync("RETR 0"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR invalid number of lines", await raw.CommandAsync("TOP 1 -1"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR syntax", await raw.CommandAsync("DELE"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR already logged in", await raw.CommandAsync("USER bob"), StringComparison.Ordinal);
        Assert.StartsWith("+OK", await raw.CommandAsync("DELE 1"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR message 1 already deleted", await raw.CommandAsync("DELE 1"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR message 1 already deleted", await raw.CommandAsync("RETR 1"), StringComparison.Ordinal);
        Assert.Equal("+OK 0 0", await raw.CommandAsync("STAT"));
        Assert.StartsWith("+OK maildrop has 1 messages", await raw.CommandAsync("RSET"), StringComparison.Ordinal);

        // Pipelined commands are answered in order.
        var pipelined = await raw.MultiLineAsync("STAT\r\nLIST 1\r\nUIDL");
        Assert.StartsWith("+OK 1 ", pipelined, StringComparison.Ordinal);
        Assert.Contains("\r\n+OK 1 ", pipelined, StringComparison.Ordinal);
        Assert.EndsWith("\r\n.\r\n", pipelined, StringComparison.Ordinal);
        Assert.StartsWith("+OK", await raw.CommandAsync("QUIT"), StringComparison.Ordinal);
        Assert.Single(await mailbox.UidsAsync());
    }

    private static async Task<IList<string>> UidlsAsync(IPEndPoint endPoint)
    {
        using var client = await Pop3Gateway.ConnectAsync(endPoint);
        var uidls = await client.GetMessageUidsAsync();
        await client.DisconnectAsync(quit: true);
        return uidls;
    }

    private static async Task<byte[]> RetrieveAsync(Pop3Client client, int index)
    {
        using var stream = await client.GetStreamAsync(index);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>A POP3 listener built by hand with the non-UIDPLUS commit path forced, in front of the fixture Dovecot.</summary>
    private sealed class FallbackListener : IAsyncDisposable
    {
        private readonly ListenerService _listener;

        private FallbackListener(ListenerService listener, IPEndPoint endPoint)
        {
            _listener = listener;
            EndPoint = endPoint;
        }

        public IPEndPoint EndPoint { get; }

        public static async Task<FallbackListener> StartAsync(MailStackFixture servers)
        {
            var options = new GatewayOptions
            {
                Upstream = new UpstreamOptions
                {
                    Imap = new UpstreamEndpointOptions { Host = "127.0.0.1", Port = servers.Dovecot.Port("IMAP_PORT"), Security = SecurityMode.StartTls, TrustedCaPath = TestTls.CaPath },
                },
            };
            var services = new Pop3Services(
                options, null, new InMemoryCredentialStore(TimeProvider.System), new Pop3SizeMemo(), NullTrafficSink.Instance, TimeProvider.System, NullLogger<Pop3Session>.Instance)
            {
                ForceExpungeFallback = true,
            };
            var listener = new ListenerService(
                "Listen:Pop3", new IPEndPoint(IPAddress.Loopback, 0), new Pop3ConnectionHandler(services, implicitTls: false), NullLogger<ListenerService>.Instance);
            await listener.StartAsync(CancellationToken.None);
            return new FallbackListener(listener, await listener.Bound.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        public async ValueTask DisposeAsync()
        {
            await _listener.StopAsync(CancellationToken.None);
            _listener.Dispose();
        }
    }
}
