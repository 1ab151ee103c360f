using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;

namespace Gateway.Core.Upstream;

/// <summary>
/// A minimal FTP control-connection client: reads replies, sends commands, and upgrades to TLS with
/// <c>AUTH TLS</c> (RFC 4217). It never opens a data connection.
/// </summary>
internal sealed class FtpControlClient : IAsyncDisposable
{
    private const int MaxLineLength = 8192;
    private const int MaxReplyLines = 1000;

    private readonly byte[] _buffer = new byte[4096];
    private Stream _stream;

    // _start.._end is the part of _buffer read from _stream but not yet consumed.
    private int _start;
    private int _end;

    /// <summary>Wraps a connected control stream; the client owns and disposes it.</summary>
    public FtpControlClient(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>The TLS stream after <see cref="AuthTlsAsync"/>, else <see langword="null"/>.</summary>
    public SslStream? Tls => _stream as SslStream;

    /// <summary>Reads one complete reply, single-line or multi-line.</summary>
    /// <remarks>
    /// RFC 959 section 4.2: a multi-line reply starts with <c>xyz-</c> and ends with the first line that
    /// starts with the same code followed by a space, e.g. <c>230-Welcome</c> ... <c>230 Login ok</c>.
    /// Lines in between may start with anything, digits included; a repeated <c>xyz-</c> prefix is removed.
    /// </remarks>
    /// <exception cref="InvalidDataException">The server sent something that is not an FTP reply.</exception>
    /// <exception cref="IOException">The connection broke or closed.</exception>
    public async Task<FtpReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var first = await ReadLineAsync(cancellationToken);
        if (!TryParseCode(first, out var code) || (first.Length > 3 && first[3] != ' ' && first[3] != '-'))
        {
            throw new InvalidDataException($"not an FTP reply: '{Truncate(first)}'");
        }

        var lines = new List<string> { first.Length > 4 ? first[4..] : "" };
        if (first.Length > 3 && first[3] == '-')
        {
            var end = first[..3] + " ";
            while (true)
            {
                var line = await ReadLineAsync(cancellationToken);
                if (line.StartsWith(end, StringComparison.Ordinal) || line == first[..3])
                {
                    lines.Add(line.Length > 4 ? line[4..] : "");
                    break;
                }

                if (lines.Count >= MaxReplyLines)
                {
                    throw new InvalidDataException($"multi-line reply {code} has more than {MaxReplyLines} lines");
                }

                // Most servers (vsftpd, ProFTPD) repeat "xyz-" on every line; keep the text only.
                lines.Add(line.StartsWith(first[..4], StringComparison.Ordinal) ? line[4..] : line);
            }
        }

        return new FtpReply(code, lines);
    }

    /// <summary>Sends one command line and reads its final reply, skipping 1yz preliminary replies.</summary>
    public async Task<FtpReply> SendAsync(string command, CancellationToken cancellationToken)
    {
        await WriteCommandAsync(command, cancellationToken);
        return await ReadFinalReplyAsync(cancellationToken);
    }

    /// <summary>Sends one command line without reading a reply, for transfers whose 1yz reply the caller must see.</summary>
    public async Task WriteCommandAsync(string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("an FTP command must not contain CR or LF", nameof(command));
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads replies until one that is not 1yz preliminary, as after the greeting's <c>120</c>.</summary>
    public async Task<FtpReply> ReadFinalReplyAsync(CancellationToken cancellationToken)
    {
        var reply = await ReadReplyAsync(cancellationToken);
        while (reply.IsPreliminary)
        {
            reply = await ReadReplyAsync(cancellationToken);
        }

        return reply;
    }

    /// <summary>Sends <c>AUTH TLS</c> and, on <c>234</c>, switches the control connection to TLS.</summary>
    /// <returns>The server's reply to <c>AUTH TLS</c>; the connection is secured only when it is 234.</returns>
    /// <exception cref="AuthenticationException">The TLS handshake failed, or the certificate was rejected.</exception>
    public async Task<FtpReply> AuthTlsAsync(string host, RemoteCertificateValidationCallback validate, CancellationToken cancellationToken)
    {
        var reply = await SendAsync("AUTH TLS", cancellationToken);
        if (reply.Code != 234)
        {
            return reply;
        }

        if (_start != _end)
        {
            // Bytes that arrived before the handshake would be trusted as if they came over TLS
            // (the STARTTLS command injection of CVE-2011-0411); refuse instead.
            throw new InvalidDataException("the server sent data after 234 before the TLS handshake");
        }

        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        _stream = tls;
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = host, RemoteCertificateValidationCallback = validate },
            cancellationToken);
        return reply;
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    /// <summary>Parses the three-digit code (first digit 1 to 5) at the start of a reply line.</summary>
    internal static bool TryParseCode(string line, out int code)
    {
        code = 0;
        return line.Length >= 3
            && line[0] is >= '1' and <= '5' && char.IsAsciiDigit(line[1]) && char.IsAsciiDigit(line[2])
            && int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out code);
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>(128);
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                {
                    throw new IOException("the server closed the connection");
                }
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var take = newline < 0 ? available : available[..newline];
            if (line.Count + take.Length > MaxLineLength)
            {
                throw new InvalidDataException($"reply line longer than {MaxLineLength} bytes");
            }

            line.AddRange(take);
            if (newline < 0)
            {
                _start = _end;
                continue;
            }

            _start += newline + 1;
            if (line.Count > 0 && line[^1] == '\r')
            {
                line.RemoveAt(line.Count - 1);
            }

            // Note: servers send their banner in whatever charset they like; UTF-8 with replacement
            // characters keeps the reply readable without failing on Latin-1 umlauts.
            return Encoding.UTF8.GetString(line.ToArray());
        }
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
