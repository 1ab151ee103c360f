using System.Security.Cryptography;
using Gateway.IntegrationTests.Fixtures;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Gateway.IntegrationTests.Smtp;

/// <summary>MailKit's SmtpClient through the gateway to the fixture's Postfix, which delivers into Dovecot.</summary>
[Collection(Collections.MailStack)]
public sealed class SmtpRelayTests(MailStackFixture servers)
{
    [Fact]
    public async Task AliceToBob_ArrivesInBobsInbox()
    {
        await using var gateway = await SmtpGateway.StartAsync(servers);
        var message = TestMessages.Text("alice@lab.test", "bob@lab.test", "relay test");

        using (var client = await gateway.ConnectAsync())
        {
            var reply = await client.SendAsync(message);
            Assert.StartsWith("2.0.0 Ok: relayed", reply, StringComparison.Ordinal);
            await client.DisconnectAsync(quit: true);
        }

        await using var inbox = await Inbox.OpenAsync(servers, "bob");
        var uid = Assert.Single(await inbox.WaitForAsync(message.MessageId!));
        var arrived = await inbox.GetAsync(uid);
        Assert.Equal("relay test", arrived.Subject);
        Assert.Equal("alice@lab.test", arrived.From.Mailboxes.Single().Address);
        Assert.Empty(Directory.GetFiles(Path.Combine(gateway.SpoolPath, "queue")));
        Assert.Empty(Directory.GetFiles(Path.Combine(gateway.SpoolPath, "tmp")));
    }

    [Fact]
    public async Task Utf8SubjectAndBody_ArriveIntact()
    {
        await using var gateway = await SmtpGateway.StartAsync(servers);
        const string Subject = "Grüße aus Köln — 日本語 ✓";
        const string Body = "Äpfel, Öl, Übermut, ß; Ελληνικά; emoji 📬\nzweite Zeile\n";
        var message = TestMessages.Text("alice@lab.test", "bob@lab.test", Subject, Body);
        ((TextPart)message.Body!).ContentTransferEncoding = ContentEncoding.EightBit;

        using (var client = await gateway.ConnectAsync())
        {
            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.EightBitMime));
            await client.SendAsync(message);
        }

        await using var inbox = await Inbox.OpenAsync(servers, "bob");
        var arrived = await inbox.GetAsync(Assert.Single(await inbox.WaitForAsync(message.MessageId!)));
        Assert.Equal(Subject, arrived.Subject);
        Assert.Equal(Body, arrived.TextBody?.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(ContentEncoding.EightBit, Assert.IsType<TextPart>(arrived.Body).ContentTransferEncoding);
    }

    [Fact]
    public async Task Message25MB_ArrivesByteIdentical()
    {
        await using var gateway = await SmtpGateway.StartAsync(servers);
        var message = TestMessages.Text("alice@lab.test", "bob@lab.test", "25 MB");
        var attachment = new MimePart("application", "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(RandomNumberGenerator.GetBytes(18 * 1024 * 1024))),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "big.bin",
        };
        message.Body = new Multipart("mixed") { message.Body!, attachment };
        var sent = new MemoryStream();
        var dos = FormatOptions.Default.Clone();
        dos.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(dos, sent);
        Assert.InRange(sent.Length, 24L * 1024 * 1024, 26L * 1024 * 1024);

        using (var client = await gateway.ConnectAsync())
        {
            await client.SendAsync(message);
        }

        await using var inbox = await Inbox.OpenAsync(servers, "bob");
        var uid = Assert.Single(await inbox.WaitForAsync(message.MessageId!, timeout: TimeSpan.FromSeconds(60)));
        using var stored = await inbox.GetStreamAsync(uid);
        var delivered = new MemoryStream();
        await stored.CopyToAsync(delivered);

        // Postfix and Dovecot put their trace headers (Return-Path, Delivered-To, Received) in front; the rest is ours.
        Assert.True(delivered.Length > sent.Length);
        var tail = delivered.GetBuffer().AsSpan((int)(delivered.Length - sent.Length), (int)sent.Length);
        Assert.Equal(SHA256.HashData(sent.GetBuffer().AsSpan(0, (int)sent.Length)), SHA256.HashData(tail));
    }

    [Fact]
    public async Task WrongPassword_Gets535()
    {
        await using var gateway = await SmtpGateway.StartAsync(servers);
        using var client = await gateway.ConnectAsync(user: null);

        var e = await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync("alice", "wrong"));

        Assert.Contains("5.7.8", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", gateway.TrafficLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoAuth_Gets530()
    {
        await using var gateway = await SmtpGateway.StartAsync(servers);
        using var raw = await RawSmtp.ConnectAsync(gateway.Smtp);

        Assert.Contains("250-AUTH PLAIN LOGIN", await raw.SendAsync("EHLO client.test"), StringComparison.Ordinal);
        Assert.StartsWith("530 5.7.0 ", await raw.SendAsync("MAIL FROM:<alice@lab.test>"), StringComparison.Ordinal);
        Assert.StartsWith("530 5.7.0 ", await raw.SendAsync("RCPT TO:<bob@lab.test>"), StringComparison.Ordinal);
        Assert.StartsWith("530 5.7.0 ", await raw.SendAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("221 ", await raw.SendAsync("QUIT"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailFromAnotherUser_Gets553_AndFromHeaderOfAnotherUser_Gets550()
    {
        await using var gateway = await SmtpGateway.StartAsync(servers);
        using var client = await gateway.ConnectAsync();
        var message = TestMessages.Text("bob@lab.test", "carol@lab.test", "forged");

        var envelope = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(message));
        Assert.Equal(553, (int)envelope.StatusCode);
        Assert.Equal(SmtpErrorCode.SenderNotAccepted, envelope.ErrorCode);

        var header = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(
            message, MailboxAddress.Parse("alice@lab.test"), [MailboxAddress.Parse("carol@lab.test")]));
        Assert.Equal(550, (int)header.StatusCode);
        Assert.Contains("bob@lab.test", header.Message, StringComparison.Ordinal);

        await using var inbox = await Inbox.OpenAsync(servers, "carol");
        Assert.Equal(0, await inbox.CountAsync(message.MessageId!));
    }

    [Fact]
    public async Task RecipientRejectedUpstream_ClientSeesThe5xx()
    {
        await using var gateway = await SmtpGateway.StartAsync(servers);
        using var client = await gateway.ConnectAsync();

        var e = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(TestMessages.Text("alice@lab.test", "nobody@lab.test", "to nobody")));

        Assert.Equal(550, (int)e.StatusCode);
        Assert.Contains("5.1.1", e.Message, StringComparison.Ordinal);
        Assert.Contains("nobody@lab.test", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(gateway.SpoolPath, "queue")));

        // The session goes on: the next message is relayed.
        var next = TestMessages.Text("alice@lab.test", "bob@lab.test", "after a refusal");
        await client.SendAsync(next);
        await using var inbox = await Inbox.OpenAsync(servers, "bob");
        Assert.Single(await inbox.WaitForAsync(next.MessageId!));
    }

    [Fact]
    public async Task TrafficLog_RedactsAuthAndSummarisesTheBody()
    {
        await using var gateway = await SmtpGateway.StartAsync(servers);
        using (var client = await gateway.ConnectAsync())
        {
            await client.SendAsync(TestMessages.Text("alice@lab.test", "bob@lab.test", "traffic", "secret body text\n"));
            await client.DisconnectAsync(quit: true);
        }

        await gateway.Events.WaitForAsync("bytes from the client", TimeSpan.FromSeconds(10));
        var log = gateway.TrafficLog();
        Assert.Contains("AUTH PLAIN ***", log, StringComparison.Ordinal);
        Assert.DoesNotContain("alicepw", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("\0alice\0alicepw"u8), log, StringComparison.Ordinal);
        Assert.DoesNotContain("secret body text", log, StringComparison.Ordinal);
        Assert.Contains("MAIL FROM:<alice@lab.test>", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_GetsProtocolErrors_AndPipelinedCommandsAreAnsweredInOrder()
    {
        await using var gateway = await SmtpGateway.StartAsync(servers);
        using var raw = await RawSmtp.ConnectAsync(gateway.Smtp);

        Assert.StartsWith("503 ", await raw.SendAsync("MAIL FROM:<alice@lab.test>"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", (await raw.SendAsync("EHLO client.test")).Split('\n')[^1], StringComparison.Ordinal);
        Assert.StartsWith("502 ", await raw.SendAsync("BOGUS"), StringComparison.Ordinal);
        Assert.StartsWith("500 5.5.6", await raw.SendAsync(new string('x', 20_000)), StringComparison.Ordinal);
        Assert.StartsWith("504 ", await raw.SendAsync("AUTH CRAM-MD5"), StringComparison.Ordinal);
        Assert.StartsWith("501 ", await raw.SendAsync("AUTH PLAIN !!!notbase64"), StringComparison.Ordinal);
        var plain = Convert.ToBase64String("\0alice\0alicepw"u8);
        Assert.StartsWith("235 ", await raw.SendAsync($"AUTH PLAIN {plain}"), StringComparison.Ordinal);
        Assert.StartsWith("501 ", await raw.SendAsync("MAIL FROM:alice"), StringComparison.Ordinal);
        Assert.StartsWith("555 ", await raw.SendAsync("MAIL FROM:<alice@lab.test> RET=FULL"), StringComparison.Ordinal);
        Assert.StartsWith("552 ", await raw.SendAsync("MAIL FROM:<alice@lab.test> SIZE=999999999999"), StringComparison.Ordinal);

        // Pipelined (RFC 2920): three commands in one write, three replies in order.
        Assert.StartsWith("250 2.1.0", await raw.SendAsync("MAIL FROM:<alice@lab.test>\r\nRCPT TO:<bob@lab.test>\r\nRSET"), StringComparison.Ordinal);
        Assert.StartsWith("250 2.1.5", await raw.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0", await raw.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("503 ", await raw.SendAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("221 ", await raw.SendAsync("QUIT"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTls_WithTheGatewaysCertificate_RelaysAndDropsPlaintextSentAfterIt()
    {
        await using var gateway = await SmtpGateway.StartAsync(SmtpGateway.WriteConfig(
            servers.Dovecot.Port("IMAP_PORT"), servers.Postfix.Port("SMTP_PORT"), clientTls: true));
        var message = TestMessages.Text("alice@lab.test", "bob@lab.test", "over STARTTLS");
        using (var client = new SmtpClient { ServerCertificateValidationCallback = new Gateway.Core.Upstream.UpstreamCertificateValidator(false, TestTls.CaPath).CreateCallback("127.0.0.1") })
        {
            await client.ConnectAsync(gateway.Smtp.Address.ToString(), gateway.Smtp.Port, SecureSocketOptions.StartTls);
            Assert.True(client.IsSecure);
            await client.AuthenticateAsync("alice", "alicepw");
            await client.SendAsync(message);
        }

        await using var inbox = await Inbox.OpenAsync(servers, "bob");
        Assert.Single(await inbox.WaitForAsync(message.MessageId!));

        // A command injected in clear behind STARTTLS must not be executed after the handshake.
        using var raw = await RawSmtp.ConnectAsync(gateway.Smtp);
        Assert.Contains("STARTTLS", await raw.SendAsync("EHLO client.test"), StringComparison.Ordinal);
        Assert.StartsWith("220 2.0.0", await raw.SendAsync("STARTTLS\r\nNOOP"), StringComparison.Ordinal);
        await raw.StartTlsAsync(TestTls.CaPath);
        var afterTls = await raw.SendAsync("EHLO client.test");
        Assert.StartsWith("250-", afterTls, StringComparison.Ordinal);
        Assert.DoesNotContain("STARTTLS", afterTls, StringComparison.Ordinal);
    }
}

