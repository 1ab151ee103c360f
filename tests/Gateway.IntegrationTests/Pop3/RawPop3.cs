using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.IntegrationTests.Pop3;

/// <summary>A POP3 dialogue over a plain socket, for what a library hides: exact wire bytes and dropping without QUIT.</summary>
internal sealed class RawPop3 : IDisposable
{
    private readonly TcpClient _socket;
    private readonly NetworkStream _stream;

    private RawPop3(TcpClient socket)
    {
        _socket = socket;
        _stream = socket.GetStream();
    }

    public static async Task<RawPop3> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new TcpClient();
        await socket.ConnectAsync(endPoint);
        var raw = new RawPop3(socket);
        var greeting = await ReadLineAsync(raw._stream);
        return greeting.StartsWith("+OK", StringComparison.Ordinal) ? raw : throw new InvalidOperationException(greeting);
    }

    public async Task LoginAsync(string user = DaveMailbox.User)
    {
        await CommandAsync($"USER {user}");
        var reply = await CommandAsync($"PASS {user}pw");
        if (!reply.StartsWith("+OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(reply);
        }
    }

    /// <summary>Sends a command and returns its one-line reply.</summary>
    public async Task<string> CommandAsync(string command)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        return await ReadLineAsync(_stream);
    }

    /// <summary>Sends a command and returns the whole multi-line reply as sent (Latin-1 decoded bytes become UTF-8 text).</summary>
    public async Task<string> MultiLineAsync(string command)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var bytes = new List<byte>();
        var first = true;
        while (true)
        {
            var line = await ReadRawLineAsync(_stream);
            bytes.AddRange(line);
            var text = Encoding.ASCII.GetString(line);
            if ((first && text.StartsWith("-ERR", StringComparison.Ordinal)) || (!first && text == ".\r\n"))
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            first = false;
        }
    }

    /// <summary>Reads one line byte by byte (nothing after it is consumed), without CRLF.</summary>
    public static async Task<string> ReadLineAsync(Stream stream) => Encoding.UTF8.GetString(await ReadRawLineAsync(stream)).TrimEnd('\r', '\n');

    private static async Task<byte[]> ReadRawLineAsync(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await stream.ReadAsync(one, timeout.Token) == 1)
        {
            line.Add(one[0]);
            if (one[0] == (byte)'\n')
            {
                return [.. line];
            }
        }

        throw new IOException($"connection closed after {Encoding.UTF8.GetString(line.ToArray())}");
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }
}
