using System.Text;
using Gateway.IntegrationTests.Fixtures;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Gateway.IntegrationTests.FreeBusy;

/// <summary>Free/busy over FTP end to end: curl through the gateway, real vsftpd (and an HTTP store, and Dovecot) behind it.</summary>
[Collection(Collections.MailStack)]
public sealed class FreeBusyFtpTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    private readonly MailStackFixture _stack;

    public FreeBusyFtpTests(MailStackFixture stack)
    {
        _stack = stack;
    }

    private object Imap => Scogw.Endpoint(_stack.Dovecot.Port("IMAP_PORT"));

    private int VsftpdPort => _stack.Vsftpd.Port("FTP_PORT");

    private static string VsftpdCalendar(UpstreamServer vsftpd) => Path.Combine(vsftpd.StateDirectory, "ftp", "pub", "calendar");

    private static string Url(GatewayInstance gateway, string file, string? login = null) =>
        $"ftp://{(login is null ? "" : login + "@")}127.0.0.1:{gateway.Ftp!.Port}/pub/calendar/{file}";

    [Theory]
    [InlineData(CurlMode.Epsv)]
    [InlineData(CurlMode.Pasv)]
    [InlineData(CurlMode.Eprt)]
    [InlineData(CurlMode.Port)]
    public async Task Curl_upload_as_alice_lands_byte_identical_in_vsftpd_and_anonymous_curl_downloads_it(CurlMode mode)
    {
        await using var gateway = await GatewayInstance.StartFreeBusyAsync(Imap, new { Url = $"ftp://127.0.0.1:{VsftpdPort}/pub/calendar/" });
        var content = FreeBusyFiles.Valid("alice");

        var upload = await Curl.UploadAsync(FreeBusyFiles.Write(content), Url(gateway, "alice.vfb", "alice:alicepw"), mode);
        Assert.True(upload.ExitCode == 0, upload.Error);
        Assert.Contains("< 226", upload.Error, StringComparison.Ordinal);

        await gateway.Events.WaitForAsync("forwarded Put alice.vfb", s_wait);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(VsftpdCalendar(_stack.Vsftpd), "alice.vfb")));

        var (downloaded, download) = await Curl.DownloadAsync(Url(gateway, "alice.vfb"), mode);
        Assert.True(downloaded is not null, download.Error);
        Assert.Equal(content, downloaded);

        var traffic = gateway.TrafficLog();
        Assert.Contains("PASS ***", traffic, StringComparison.Ordinal);
        Assert.DoesNotContain("alicepw", traffic, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ftps_target_forwards_over_explicit_tls_with_a_verified_certificate()
    {
        await using var gateway = await GatewayInstance.StartFreeBusyAsync(
            Imap, new { Url = $"ftps://127.0.0.1:{VsftpdPort}/pub/calendar/", TrustedCaPath = TestTls.CaPath });
        var content = FreeBusyFiles.Valid("bob");

        var upload = await Curl.UploadAsync(FreeBusyFiles.Write(content), Url(gateway, "bob.vfb", "bob:bobpw"));
        Assert.True(upload.ExitCode == 0, upload.Error);

        await gateway.Events.WaitForAsync("forwarded Put bob.vfb to ftps://", s_wait);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(VsftpdCalendar(_stack.Vsftpd), "bob.vfb")));
        var log = await File.ReadAllTextAsync(Path.Combine(_stack.Vsftpd.StateDirectory, "log", "vsftpd.log"));
        Assert.Contains("AUTH TLS", log, StringComparison.Ordinal);
        Assert.Contains("PROT P", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_lands_byte_identical_at_an_http_target_which_then_serves_lookups()
    {
        await using var http = new HttpFreeBusyServer();
        await using var gateway = await GatewayInstance.StartFreeBusyAsync(Imap, new { Url = http.Url });
        var content = FreeBusyFiles.Valid("alice");
        var put = http.WaitForPutAsync("alice.vfb");

        var upload = await Curl.UploadAsync(FreeBusyFiles.Write(content), Url(gateway, "alice.vfb", "alice:alicepw"));
        Assert.True(upload.ExitCode == 0, upload.Error);

        var (body, authorization) = await put;
        Assert.Equal(content, body);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:alicepw")), authorization);

        // The upstream copy is what a lookup serves: change it there and the gateway follows.
        await gateway.Events.WaitForAsync("forwarded Put alice.vfb", s_wait);
        var (downloaded, download) = await Curl.DownloadAsync(Url(gateway, "alice.vfb"));
        Assert.True(downloaded is not null, download.Error);
        Assert.Equal(content, downloaded);
    }

    [Fact]
    public async Task Upload_to_an_imap_target_is_a_message_in_the_users_folder_and_replaces_the_previous_one()
    {
        await using var gateway = await GatewayInstance.StartFreeBusyAsync(
            Imap,
            new { Url = $"imap://127.0.0.1:{_stack.Dovecot.Port("IMAP_PORT")}", TrustedCaPath = TestTls.CaPath },
            new { Path = "freebusy", ImapFolder = "FreeBusy" });
        var first = FreeBusyFiles.Valid("alice");
        var second = FreeBusyFiles.Valid("alice");

        Assert.Equal(0, (await Curl.UploadAsync(FreeBusyFiles.Write(first), Url(gateway, "alice.vfb", "alice:alicepw"))).ExitCode);
        await gateway.Events.WaitForAsync("forwarded Put alice.vfb", s_wait);
        Assert.Equal(0, (await Curl.UploadAsync(FreeBusyFiles.Write(second), Url(gateway, "alice.vfb", "alice:alicepw"))).ExitCode);
        await gateway.Events.WaitForAsync("forwarded Put alice.vfb", 2, s_wait);

        using var imap = new ImapClient { ServerCertificateValidationCallback = new Gateway.Core.Upstream.UpstreamCertificateValidator(false, TestTls.CaPath).CreateCallback("127.0.0.1") };
        await imap.ConnectAsync("127.0.0.1", _stack.Dovecot.Port("IMAP_PORT"), SecureSocketOptions.StartTls);
        await imap.AuthenticateAsync("alice", "alicepw");
        var folder = await imap.GetFolderAsync("FreeBusy");
        await folder.OpenAsync(FolderAccess.ReadOnly);
        var uids = await folder.SearchAsync(SearchQuery.SubjectContains("alice.vfb"));
        var message = await folder.GetMessageAsync(Assert.Single(uids));
        var part = Assert.IsAssignableFrom<MimePart>(message.Body);
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded);
        Assert.Equal(second, decoded.ToArray());
        await imap.DisconnectAsync(true);
    }

    [Fact]
    public async Task Bob_cannot_overwrite_alice_anonymous_cannot_upload_and_invalid_content_keeps_the_old_file()
    {
        await using var gateway = await GatewayInstance.StartFreeBusyAsync(
            Imap, new { Url = $"ftp://127.0.0.1:{VsftpdPort}/pub/calendar/" }, new { Path = "freebusy", MaxUploadKB = 2 });
        var content = FreeBusyFiles.Valid("alice");
        Assert.Equal(0, (await Curl.UploadAsync(FreeBusyFiles.Write(content), Url(gateway, "alice.vfb", "alice:alicepw"))).ExitCode);
        await gateway.Events.WaitForAsync("forwarded Put alice.vfb", s_wait);

        var bob = await Curl.UploadAsync(FreeBusyFiles.Write(FreeBusyFiles.Valid("bob")), Url(gateway, "alice.vfb", "bob:bobpw"));
        Assert.NotEqual(0, bob.ExitCode);
        Assert.Contains("< 550 Permission denied: bob may publish only bob.vfb", bob.Error, StringComparison.Ordinal);

        var anonymous = await Curl.UploadAsync(FreeBusyFiles.Write(FreeBusyFiles.Valid("alice")), Url(gateway, "alice.vfb"));
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("< 550 Permission denied: anonymous users may only read", anonymous.Error, StringComparison.Ordinal);

        var invalid = await Curl.UploadAsync(FreeBusyFiles.Write("this is not a calendar\r\n"u8.ToArray()), Url(gateway, "alice.vfb", "alice:alicepw"));
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("< 553 Not a free/busy file", invalid.Error, StringComparison.Ordinal);

        var noFreeBusy = Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        var vevent = await Curl.UploadAsync(FreeBusyFiles.Write(noFreeBusy), Url(gateway, "alice.vfb", "alice:alicepw"));
        Assert.Contains("< 553 Not a free/busy file (the calendar holds no VFREEBUSY)", vevent.Error, StringComparison.Ordinal);

        var large = Encoding.UTF8.GetString(content).Replace("END:VFREEBUSY", "COMMENT:" + new string('x', 3000) + "\r\nEND:VFREEBUSY", StringComparison.Ordinal);
        var tooLarge = await Curl.UploadAsync(FreeBusyFiles.Write(Encoding.UTF8.GetBytes(large)), Url(gateway, "alice.vfb", "alice:alicepw"));
        Assert.NotEqual(0, tooLarge.ExitCode);
        Assert.Contains("< 552 Exceeded storage allocation", tooLarge.Error, StringComparison.Ordinal);

        var (downloaded, _) = await Curl.DownloadAsync(Url(gateway, "alice.vfb"));
        Assert.Equal(content, downloaded);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(VsftpdCalendar(_stack.Vsftpd), "alice.vfb")));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(gateway.Directory, "freebusy", "files", "alice.vfb")));
    }

    [Fact]
    public async Task Traversal_in_every_encoding_and_port_bounce_are_refused()
    {
        await using var gateway = await GatewayInstance.StartFreeBusyAsync(Imap, new { Url = $"ftp://127.0.0.1:{VsftpdPort}/pub/calendar/" });
        await using var ftp = await RawFtpClient.ConnectAsync(gateway.Ftp!);
        Assert.StartsWith("230", await ftp.LoginAsync("alice", "alicepw"), StringComparison.Ordinal);

        foreach (var command in new[]
        {
            "RETR ../../../etc/passwd", "RETR /pub/calendar/../../etc/passwd", "CWD /pub/calendar/..", "CWD ../..",
            "RETR %2e%2e%2fetc%2fpasswd", "RETR ..%2f..%2fetc", "RETR %252e%252e/x.vfb", "RETR ..\\..\\etc\\passwd",
            "STOR ..\\alice.vfb", "RETR C:\\Windows\\win.ini", "RETR /pub/calendar/alice.vfb:secret", "RETR ~root/.profile",
            "RETR /pub/calendar/\uFF0E\uFF0E\u2215etc", "STOR /pub/calendar/.htaccess", "LIST ../..",
        })
        {
            var reply = await ftp.SendAsync(command);
            Assert.True(reply.StartsWith("553", StringComparison.Ordinal), $"{command} -> {reply}");
        }

        Assert.StartsWith("550", await ftp.SendAsync("CWD /etc"), StringComparison.Ordinal);
        Assert.StartsWith("550", await ftp.SendAsync("RETR /etc/passwd"), StringComparison.Ordinal);
        Assert.StartsWith("553", await ftp.SendAsync("STOR /etc/alice.vfb"), StringComparison.Ordinal);
        Assert.StartsWith("257 \"/\"", await ftp.SendAsync("PWD"), StringComparison.Ordinal);

        // Overlong UTF-8 for "." and "/" (C0 AE, C0 AF) is not UTF-8 at all.
        Assert.StartsWith("501", await ftp.SendBytesAsync([.. "RETR "u8, 0xC0, 0xAE, 0xC0, 0xAE, 0xC0, 0xAF, .. "x\r\n"u8]), StringComparison.Ordinal);

        foreach (var command in new[] { "PORT 10,0,0,1,0,21", "PORT 127,0,0,1,0,25", "EPRT |1|127.0.0.2|40000|", "EPRT |1|192.0.2.1|40000|", "PORT 127,0,0,2,156,64" })
        {
            var reply = await ftp.SendAsync(command);
            Assert.True(reply.StartsWith("504", StringComparison.Ordinal), $"{command} -> {reply}");
        }

        Assert.StartsWith("200", await ftp.SendAsync("PORT 127,0,0,1,156,64"), StringComparison.Ordinal);
        Assert.StartsWith("221", await ftp.SendAsync("QUIT"), StringComparison.Ordinal);

        var curl = await Curl.RunAsync(CurlMode.Epsv, "--path-as-is", "--ftp-method", "nocwd", "-o", "/dev/null", $"ftp://127.0.0.1:{gateway.Ftp!.Port}/pub/calendar/../../etc/passwd");
        Assert.NotEqual(0, curl.ExitCode);
        Assert.Contains("< 553 Path refused", curl.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upstream_down_during_upload_gives_226_serves_the_local_copy_and_forwards_when_the_upstream_returns()
    {
        var port = FreePorts.Next();
        await using var gateway = await GatewayInstance.StartFreeBusyAsync(
            Imap, new { Url = $"ftp://127.0.0.1:{port}/pub/calendar/" }, new { Path = "freebusy", RetrySeconds = 1 });
        var content = FreeBusyFiles.Valid("alice");

        var upload = await Curl.UploadAsync(FreeBusyFiles.Write(content), Url(gateway, "alice.vfb", "alice:alicepw"));
        Assert.True(upload.ExitCode == 0, upload.Error);
        Assert.Contains("< 226", upload.Error, StringComparison.Ordinal);
        await gateway.Events.WaitForAsync("forwarding Put alice.vfb to ftp://127.0.0.1", s_wait);

        var (downloaded, download) = await Curl.DownloadAsync(Url(gateway, "alice.vfb"));
        Assert.True(downloaded is not null, download.Error);
        Assert.Equal(content, downloaded);
        var (missing, notFound) = await Curl.DownloadAsync(Url(gateway, "nobody.vfb"));
        Assert.Null(missing);
        Assert.Contains("< 550 No such file", notFound.Error, StringComparison.Ordinal);

        await using var vsftpd = await UpstreamServer.StartVsftpdAsync(port);
        await gateway.Events.WaitForAsync("forwarded Put alice.vfb", s_wait);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(VsftpdCalendar(vsftpd), "alice.vfb")));
    }

    [Fact]
    public async Task The_forward_queue_survives_a_restart_and_resumes_when_the_owner_logs_in_again()
    {
        var port = FreePorts.Next();
        var upstream = new { Url = $"ftp://127.0.0.1:{port}/pub/calendar/" };
        var content = FreeBusyFiles.Valid("alice");
        string directory;
        await using (var first = await GatewayInstance.StartFreeBusyAsync(Imap, upstream))
        {
            directory = first.Directory;
            Assert.Equal(0, (await Curl.UploadAsync(FreeBusyFiles.Write(content), Url(first, "alice.vfb", "alice:alicepw"))).ExitCode);
            await first.Events.WaitForAsync("forwarding Put alice.vfb to ftp://127.0.0.1", s_wait);
        }

        await using var vsftpd = await UpstreamServer.StartVsftpdAsync(port);
        await using var second = await GatewayInstance.StartFreeBusyAsync(Imap, upstream, directory: directory);
        await second.Events.WaitForAsync("resuming 1 queued free/busy forwards", s_wait);
        await second.Events.WaitForAsync("alice.vfb waits for alice to log in again", s_wait);

        var list = await Curl.RunAsync(CurlMode.Epsv, "-l", $"ftp://alice:alicepw@127.0.0.1:{second.Ftp!.Port}/pub/calendar/");
        Assert.Contains("alice.vfb", list.Output, StringComparison.Ordinal);
        await second.Events.WaitForAsync("forwarded Put alice.vfb", s_wait);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(VsftpdCalendar(vsftpd), "alice.vfb")));
    }

    [Fact]
    public async Task Lookup_goes_upstream_first_for_files_the_gateway_never_saw()
    {
        await using var gateway = await GatewayInstance.StartFreeBusyAsync(Imap, new { Url = $"ftp://127.0.0.1:{VsftpdPort}/pub/calendar/" });
        var (downloaded, download) = await Curl.DownloadAsync(Url(gateway, "carol.vfb"));
        Assert.True(downloaded is not null, download.Error);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(VsftpdCalendar(_stack.Vsftpd), "carol.vfb")), downloaded);
    }
}
