using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.IntegrationTests.Smtp;

/// <summary>A byte-level SMTP client for what MailKit hides: exact reply codes and malformed input.</summary>
internal sealed class RawSmtp : IDisposable
{
    private readonly TcpClient _tcp;
    private StreamReader _reader;
    private Stream _stream;

    private RawSmtp(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public static async Task<RawSmtp> ConnectAsync(IPEndPoint endPoint)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endPoint);
        var raw = new RawSmtp(tcp);
        Assert.StartsWith("220 ", await raw.ReadReplyAsync(), StringComparison.Ordinal);
        return raw;
    }

    /// <summary>Sends one line (CRLF added) and returns the complete reply, lines joined with LF.</summary>
    public async Task<string> SendAsync(string line)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
        return await ReadReplyAsync();
    }

    /// <summary>Does the TLS handshake (after a 220 to STARTTLS); bytes the gateway had not read yet stay unsent by it.</summary>
    public async Task StartTlsAsync(string caPath)
    {
        var ssl = new System.Net.Security.SslStream(_tcp.GetStream(), leaveInnerStreamOpen: true);
        await ssl.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            RemoteCertificateValidationCallback = new Gateway.Core.Upstream.UpstreamCertificateValidator(false, caPath).CreateCallback("127.0.0.1"),
        });
        _stream = ssl;
        _reader = new StreamReader(ssl, Encoding.UTF8);
    }

    public async Task<string> ReadReplyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new IOException("connection closed");
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join('\n', lines);
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _tcp.Dispose();
    }
}
