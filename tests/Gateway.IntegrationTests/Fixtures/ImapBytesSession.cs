using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Upstream;

namespace Gateway.IntegrationTests.Fixtures;

/// <summary>
/// An IMAP client that keeps every response byte for byte, literals inline, so a test can compare what the gateway
/// sends with what the server sends directly.
/// </summary>
internal sealed class ImapBytesSession : IAsyncDisposable
{
    private readonly TcpClient _socket;
    private Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private int _tags;

    private ImapBytesSession(TcpClient socket)
    {
        _socket = socket;
        _stream = socket.GetStream();
    }

    /// <summary>Connects, optionally upgrades with STARTTLS (test CA), and logs in.</summary>
    public static async Task<ImapBytesSession> LoginAsync(IPEndPoint endPoint, string user, string password, bool startTls = false)
    {
        var socket = new TcpClient();
        await socket.ConnectAsync(endPoint);
        var session = new ImapBytesSession(socket);
        var greeting = Encoding.Latin1.GetString(await session.ReadResponseAsync());
        Assert.StartsWith("* OK", greeting, StringComparison.Ordinal);
        if (startTls)
        {
            Assert.Contains(" OK", Encoding.Latin1.GetString((await session.RunAsync("STARTTLS"))[^1]), StringComparison.Ordinal);
            var ssl = new SslStream(session._stream, leaveInnerStreamOpen: false, new UpstreamCertificateValidator(false, TestTls.CaPath).CreateCallback("127.0.0.1"));
            await ssl.AuthenticateAsClientAsync("127.0.0.1");
            session._stream = ssl;
        }

        var login = await session.RunAsync($"LOGIN {user} {password}");
        Assert.Contains(" OK", Encoding.Latin1.GetString(login[^1]), StringComparison.Ordinal);
        return session;
    }

    /// <summary>Total bytes received so far.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Sends <paramref name="command"/> with a fresh tag; returns every response up to and including the tagged one.</summary>
    public async Task<List<byte[]>> RunAsync(string command)
    {
        var tag = $"t{++_tags}";
        await _stream.WriteAsync(Encoding.UTF8.GetBytes($"{tag} {command}\r\n"));
        var responses = new List<byte[]>();
        while (true)
        {
            var response = await ReadResponseAsync();
            responses.Add(response);
            if (response.AsSpan().StartsWith(Encoding.ASCII.GetBytes(tag + " ")))
            {
                return responses;
            }
        }
    }

    /// <summary>Sends the commands in one write, tagged p1, p2, …; returns every response up to the last tagged one.</summary>
    public async Task<List<byte[]>> RunPipelinedAsync(params string[] commands)
    {
        var text = new StringBuilder();
        for (var i = 0; i < commands.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"p{i + 1} {commands[i]}\r\n");
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()));
        var last = Encoding.ASCII.GetBytes($"p{commands.Length} ");
        var responses = new List<byte[]>();
        while (true)
        {
            var response = await ReadResponseAsync();
            responses.Add(response);
            if (response.AsSpan().StartsWith(last))
            {
                return responses;
            }
        }
    }

    /// <summary>How many untagged FETCH answers the responses hold.</summary>
    public static int FetchCount(IEnumerable<byte[]> responses) =>
        responses.Count(r => System.Text.RegularExpressions.Regex.IsMatch(Encoding.Latin1.GetString(r, 0, Math.Min(r.Length, 40)), "^\\* \\d+ FETCH ", System.Text.RegularExpressions.RegexOptions.IgnoreCase));

    /// <summary>Runs a command and asserts that it completed with OK.</summary>
    public async Task<List<byte[]>> RunOkAsync(string command)
    {
        var responses = await RunAsync(command);
        var status = Encoding.Latin1.GetString(responses[^1]);
        Assert.True(status.Split(' ', 3)[1] == "OK", $"{command} → {status}");
        return responses;
    }

    /// <summary>APPENDs with a synchronising literal; returns the UID from APPENDUID, or 0.</summary>
    public async Task<long> AppendAsync(string mailbox, byte[] message)
    {
        var status = await AppendStatusAsync(mailbox, message);
        Assert.StartsWith("OK", status, StringComparison.Ordinal);
        var at = status.IndexOf("[APPENDUID ", StringComparison.Ordinal);
        return at < 0 ? 0 : long.Parse(status[(at + 11)..].Split(' ', ']')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>APPENDs with a synchronising literal; returns the completion after the tag (e.g. <c>NO …</c> if refused).</summary>
    public async Task<string> AppendStatusAsync(string mailbox, byte[] message)
    {
        var tag = $"t{++_tags}";
        await _stream.WriteAsync(Encoding.UTF8.GetBytes($"{tag} APPEND \"{mailbox}\" {{{message.Length}}}\r\n"));
        var ready = Encoding.Latin1.GetString(await ReadResponseAsync());
        if (ready.StartsWith('+'))
        {
            await _stream.WriteAsync(message);
            await _stream.WriteAsync("\r\n"u8.ToArray());
        }

        var line = ready;
        while (!line.StartsWith(tag + " ", StringComparison.Ordinal))
        {
            line = Encoding.Latin1.GetString(await ReadResponseAsync());
        }

        return line[(tag.Length + 1)..].TrimEnd();
    }

    /// <summary>The untagged <c>* n FETCH</c> answers of a response, by message number, each as item name → raw value.</summary>
    public static Dictionary<long, Dictionary<string, string>> Fetches(IEnumerable<byte[]> responses)
    {
        var result = new Dictionary<long, Dictionary<string, string>>();
        foreach (var response in responses)
        {
            var text = Encoding.Latin1.GetString(response);
            var match = System.Text.RegularExpressions.Regex.Match(text, "^\\* (\\d+) FETCH \\(", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            if (!match.Success)
            {
                continue;
            }

            var number = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.False(result.ContainsKey(number), $"two answers for message {number}");
            result[number] = Items(text, match.Length);
        }

        return result;
    }

    // Splits "name SP value" items at depth 0 of the msg-att list; values keep their literals inline.
    private static Dictionary<string, string> Items(string text, int start)
    {
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = start;
        while (i < text.Length && text[i] != ')')
        {
            var nameStart = i;
            var bracket = 0;
            while (text[i] != ' ' || bracket > 0)
            {
                bracket += text[i] == '[' ? 1 : text[i] == ']' ? -1 : 0;
                i++;
            }

            var name = text[nameStart..i].ToUpperInvariant();
            i++;
            var valueStart = i;
            var depth = 0;
            do
            {
                switch (text[i])
                {
                    case '(':
                        depth++;
                        i++;
                        break;
                    case ')':
                        depth--;
                        i++;
                        break;
                    case '"':
                        i++;
                        while (text[i] != '"')
                        {
                            i += text[i] == '\\' ? 2 : 1;
                        }

                        i++;
                        break;
                    case '{':
                        var close = text.IndexOf('}', i);
                        var length = int.Parse(text.AsSpan(i + 1, close - i - 1), CultureInfo.InvariantCulture);
                        i = close + 3 + length;
                        break;
                    case ' ':
                        i++;
                        break;
                    default:
                        while (text[i] is not (' ' or ')' or '('))
                        {
                            i++;
                        }

                        break;
                }
            }
            while (depth > 0);

            Assert.False(items.ContainsKey(name), $"item {name} twice");
            items[name] = text[valueStart..i];
            if (text[i] == ' ')
            {
                i++;
            }
        }

        return items;
    }

    // One whole response: the line, and for each literal its bytes and the rest of the line.
    private async Task<byte[]> ReadResponseAsync()
    {
        var response = new MemoryStream();
        while (true)
        {
            var line = await ReadLineAsync();
            response.Write(line);
            var text = Encoding.Latin1.GetString(line).TrimEnd('\r', '\n');
            var match = System.Text.RegularExpressions.Regex.Match(text, "\\{(\\d+)\\+?\\}$");
            if (!match.Success || text.StartsWith('+') || System.Text.RegularExpressions.Regex.IsMatch(text, "^\\S+ (OK|NO|BAD|BYE|PREAUTH)\\b") && response.Length == line.Length)
            {
                return response.ToArray();
            }

            var remaining = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            while (remaining > 0)
            {
                if (_start == _end)
                {
                    await FillAsync();
                }

                var take = (int)Math.Min(remaining, _end - _start);
                response.Write(_buffer, _start, take);
                _start += take;
                remaining -= take;
            }
        }
    }

    private async Task<byte[]> ReadLineAsync()
    {
        var line = new MemoryStream();
        while (true)
        {
            if (_start == _end)
            {
                await FillAsync();
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline + 1;
            line.Write(_buffer, _start, stop - _start);
            _start = stop;
            if (newline >= 0)
            {
                return line.ToArray();
            }
        }
    }

    private async Task FillAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, timeout.Token);
        if (_end == 0)
        {
            throw new IOException("connection closed");
        }

        BytesReceived += _end;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("LOGOUT");
        }
        catch (IOException)
        {
        }

        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
