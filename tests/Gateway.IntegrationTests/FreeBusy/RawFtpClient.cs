using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.IntegrationTests.FreeBusy;

/// <summary>A byte-level FTP control connection for commands no ordinary client sends.</summary>
internal sealed class RawFtpClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly StreamReader _reader;
    private readonly Stream _stream;

    private RawFtpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public static async Task<RawFtpClient> ConnectAsync(IPEndPoint endPoint)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endPoint);
        var client = new RawFtpClient(tcp);
        var greeting = await client.ReadReplyAsync();
        Assert.StartsWith("220", greeting, StringComparison.Ordinal);
        return client;
    }

    /// <summary>Logs in and returns the reply to PASS.</summary>
    public async Task<string> LoginAsync(string user, string password)
    {
        await SendAsync($"USER {user}");
        return await SendAsync($"PASS {password}");
    }

    /// <summary>Sends one line (CRLF added) and returns the complete reply, all lines joined by LF.</summary>
    public async Task<string> SendAsync(string line)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
        return await ReadReplyAsync();
    }

    /// <summary>Sends raw bytes and returns the next reply.</summary>
    public async Task<string> SendBytesAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        return await ReadReplyAsync();
    }

    public async Task<string> ReadReplyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var first = await _reader.ReadLineAsync(timeout.Token) ?? throw new IOException("connection closed");
        var lines = new List<string> { first };
        if (first.Length > 3 && first[3] == '-')
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new IOException("connection closed");
                lines.Add(line);
                if (line.StartsWith(first[..3] + " ", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        return string.Join('\n', lines);
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
