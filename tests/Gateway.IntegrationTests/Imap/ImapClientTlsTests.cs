using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Upstream;
using Gateway.IntegrationTests.Fixtures;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Gateway.IntegrationTests.Imap;

/// <summary>TLS between the client and the gateway (a certificate in <c>Tls:CertificatePath</c>), against real Dovecot.</summary>
[Collection(Collections.MailStack)]
public sealed class ImapClientTlsTests(MailStackFixture servers)
{
    private static RemoteCertificateValidationCallback TrustTestCa() =>
        new UpstreamCertificateValidator(false, TestTls.CaPath).CreateCallback("127.0.0.1");

    private Task<GatewayInstance> StartAsync() =>
        GatewayInstance.StartAsync(Scogw.Endpoint(servers.Dovecot.Port("IMAP_PORT")), clientTls: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MailKit_OverStartTlsOrImplicitTls_LogsInAndLists(bool implicitTls)
    {
        await using var gateway = await StartAsync();
        using var client = new ImapClient { ServerCertificateValidationCallback = TrustTestCa() };
        var endPoint = implicitTls ? gateway.ImapTls! : gateway.Imap;

        await client.ConnectAsync("127.0.0.1", endPoint.Port, implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("alice", "alicepw");
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0]);

        Assert.True(client.IsSecure);
        Assert.Contains(folders, f => f.FullName == "Calendar");
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task PlaintextPipelinedAfterStartTls_IsDiscarded()
    {
        await using var gateway = await StartAsync();
        using var socket = new TcpClient();
        await socket.ConnectAsync(gateway.Imap);
        var plain = socket.GetStream();
        var greeting = await ReadLineAsync(plain);
        Assert.Contains("STARTTLS", greeting, StringComparison.Ordinal);

        // An attacker on the wire could append a command to the client's STARTTLS; it must not run.
        await plain.WriteAsync(Encoding.ASCII.GetBytes("a1 STARTTLS\r\na2 LOGIN alice alicepw\r\n"));
        Assert.StartsWith("a1 OK", await ReadLineAsync(plain), StringComparison.Ordinal);
        await using var tls = new SslStream(plain, leaveInnerStreamOpen: true, TrustTestCa());
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        await tls.WriteAsync(Encoding.ASCII.GetBytes("a3 CAPABILITY\r\n"));

        Assert.StartsWith("* CAPABILITY ", await ReadLineAsync(tls), StringComparison.Ordinal);
        Assert.StartsWith("a3 OK", await ReadLineAsync(tls), StringComparison.Ordinal);
        Assert.DoesNotContain("STARTTLS", await ReadLineAfterAsync(tls, "a4 CAPABILITY"), StringComparison.Ordinal);
    }

    private static async Task<string> ReadLineAfterAsync(Stream stream, string command)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        return await ReadLineAsync(stream);
    }

    // Byte by byte, so that nothing after the line is consumed before the TLS handshake.
    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await stream.ReadAsync(one, timeout.Token) == 1)
        {
            if (one[0] == (byte)'\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }

        throw new IOException("connection closed");
    }
}
