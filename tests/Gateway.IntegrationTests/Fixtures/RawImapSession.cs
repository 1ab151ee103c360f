using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.IntegrationTests.Fixtures;

/// <summary>A plain socket speaking IMAP lines to the gateway.</summary>
internal sealed class RawImapSession : IAsyncDisposable
{
    private readonly TcpClient _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private RawImapSession(TcpClient socket)
    {
        _socket = socket;
        _stream = socket.GetStream();
        _reader = new StreamReader(_stream, Encoding.Latin1);
    }

    public static async Task<RawImapSession> OpenAsync(IPEndPoint endPoint)
    {
        var socket = new TcpClient();
        await socket.ConnectAsync(endPoint);
        var session = new RawImapSession(socket);
        Assert.StartsWith("* OK [CAPABILITY", await session.ReadLineAsync(), StringComparison.Ordinal);
        return session;
    }

    public Task SendAsync(string line) => _stream.WriteAsync(Encoding.Latin1.GetBytes(line + "\r\n")).AsTask();

    public async Task<string> ReadLineAsync() =>
        await _reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new IOException("connection closed");

    public async Task<string> ReadTaggedAsync(string tag)
    {
        while (true)
        {
            var line = await ReadLineAsync();
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    /// <summary>Every line up to and including the tagged completion of <paramref name="tag"/>.</summary>
    public async Task<List<string>> ReadResponseAsync(string tag)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync();
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return lines;
            }
        }
    }

    public async Task<List<string>> SendThenReadAsync(string command, string tag)
    {
        await SendAsync(command);
        return await ReadResponseAsync(tag);
    }

    public Task<string> ReadToEndAsync() => _reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
