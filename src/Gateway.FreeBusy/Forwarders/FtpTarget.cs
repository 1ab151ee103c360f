using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Gateway.Core.Configuration;
using Gateway.Core.Upstream;

namespace Gateway.FreeBusy.Forwarders;

/// <summary>
/// An FTP free/busy store: <c>ftp://</c> in the clear or <c>ftps://</c> with explicit TLS (<c>AUTH TLS</c>,
/// <c>PBSZ 0</c>, <c>PROT P</c>; RFC 4217) on both control and data connections. Passive mode only
/// (EPSV, then PASV), always to the control connection's address.
/// </summary>
internal sealed partial class FtpTarget : IFreeBusyTarget
{
    private readonly Uri _url;
    private readonly bool _tls;
    private readonly UpstreamCertificateValidator _validator;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _readTimeout;

    public FtpTarget(Uri url, FreeBusyUpstreamOptions options, UpstreamOptions upstream)
    {
        _url = url;
        _tls = url.Scheme == "ftps";
        _validator = UpstreamCertificateValidator.For(options);
        _connectTimeout = TimeSpan.FromSeconds(upstream.ConnectTimeoutSeconds);
        _readTimeout = TimeSpan.FromSeconds(upstream.ReadTimeoutSeconds);
    }

    public string Description => _url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private int Port => _url.IsDefaultPort || _url.Port <= 0 ? 21 : _url.Port;

    public async Task PutAsync(string name, UpstreamCredentials? credentials, Stream content, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(credentials, cancellationToken);
        using var data = await session.OpenDataAsync(cancellationToken);
        var reply = await session.TransferAsync($"STOR {PathOf(name)}");
        if (!reply.IsPreliminary)
        {
            throw new FreeBusyUpstreamException($"STOR refused: {reply}");
        }

        var stream = await session.SecureDataAsync(data);
        await content.CopyToAsync(stream, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        await CloseDataAsync(stream);
        var done = await session.Control.ReadFinalReplyAsync(cancellationToken);
        if (!done.IsPositiveCompletion)
        {
            throw new FreeBusyUpstreamException($"STOR failed: {done}");
        }

        await session.QuitAsync();
    }

    public async Task DeleteAsync(string name, UpstreamCredentials? credentials, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(credentials, cancellationToken);
        var reply = await session.Control.SendAsync($"DELE {PathOf(name)}", cancellationToken);
        if (!reply.IsPositiveCompletion && reply.Code != 550)
        {
            throw new FreeBusyUpstreamException($"DELE refused: {reply}");
        }

        await session.QuitAsync();
    }

    public async Task<bool> TryGetAsync(string name, UpstreamCredentials? credentials, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(credentials, cancellationToken);
        using var data = await session.OpenDataAsync(cancellationToken);
        var reply = await session.TransferAsync($"RETR {PathOf(name)}");
        if (reply.Code == 550)
        {
            await session.QuitAsync();
            return false;
        }

        if (!reply.IsPreliminary)
        {
            throw new FreeBusyUpstreamException($"RETR refused: {reply}");
        }

        var stream = await session.SecureDataAsync(data);
        await LimitedCopy.CopyAsync(stream, destination, maxBytes, cancellationToken);
        await CloseDataAsync(stream);
        var done = await session.Control.ReadFinalReplyAsync(cancellationToken);
        if (!done.IsPositiveCompletion)
        {
            throw new FreeBusyUpstreamException($"RETR failed: {done}");
        }

        await session.QuitAsync();
        return true;
    }

    private string PathOf(string name) => Uri.UnescapeDataString(_url.AbsolutePath).TrimEnd('/') + "/" + name;

    private static async Task CloseDataAsync(Stream stream)
    {
        if (stream is SslStream ssl)
        {
            await ssl.ShutdownAsync();
        }

        await stream.DisposeAsync();
    }

    private async Task<Session> OpenAsync(UpstreamCredentials? credentials, CancellationToken cancellationToken)
    {
        var socket = await UpstreamConnector.ConnectAsync(_url.Host, Port, _connectTimeout, cancellationToken);
        var remote = ((IPEndPoint)socket.RemoteEndPoint!).Address;
        var control = new FtpControlClient(new NetworkStream(socket, ownsSocket: true));
        var session = new Session(this, control, remote, cancellationToken);
        try
        {
            var greeting = await control.ReadFinalReplyAsync(session.Token);
            if (greeting.Code != 220)
            {
                throw new FreeBusyUpstreamException($"server refused the session: {greeting}");
            }

            if (_tls)
            {
                var auth = await control.AuthTlsAsync(_url.Host, _validator.CreateCallback(_url.Host), session.Token);
                if (auth.Code != 234)
                {
                    throw new FreeBusyUpstreamException($"server does not offer AUTH TLS but the URL is ftps:// (replied {auth})");
                }

                await ExpectAsync(control, "PBSZ 0", session.Token);
                await ExpectAsync(control, "PROT P", session.Token);
            }

            var user = credentials?.User ?? "anonymous";
            var password = credentials?.Password ?? "scogw@";
            if ($"{user}{password}".AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new FreeBusyUpstreamException("the user name or password contains a line break");
            }

            var reply = await control.SendAsync($"USER {user}", session.Token);
            if (reply.Code == 331)
            {
                reply = await control.SendAsync($"PASS {password}", session.Token);
            }

            if (!reply.IsPositiveCompletion)
            {
                throw new FreeBusyUpstreamException($"login as {user} failed: {reply}");
            }

            await ExpectAsync(control, "TYPE I", session.Token);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private static async Task ExpectAsync(FtpControlClient control, string command, CancellationToken cancellationToken)
    {
        var reply = await control.SendAsync(command, cancellationToken);
        if (!reply.IsPositiveCompletion)
        {
            throw new FreeBusyUpstreamException($"{command} refused: {reply}");
        }
    }

    [GeneratedRegex(@"\((?<d>[!-~])\k<d>\k<d>(?<port>[0-9]{1,5})\k<d>\)")]
    private static partial Regex EpsvReply();

    [GeneratedRegex(@"(?<h1>\d{1,3}),(?<h2>\d{1,3}),(?<h3>\d{1,3}),(?<h4>\d{1,3}),(?<p1>\d{1,3}),(?<p2>\d{1,3})")]
    private static partial Regex PasvReply();

    /// <summary>One logged-in control connection with its timeout.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly FtpTarget _target;
        private readonly IPAddress _remote;
        private readonly CancellationTokenSource _timeout;

        public Session(FtpTarget target, FtpControlClient control, IPAddress remote, CancellationToken cancellationToken)
        {
            _target = target;
            Control = control;
            _remote = remote;
            _timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _timeout.CancelAfter(target._connectTimeout + target._readTimeout);
        }

        public FtpControlClient Control { get; }

        public CancellationToken Token => _timeout.Token;

        /// <summary>EPSV, or PASV when the server refuses it; the data connection goes to the control connection's address.</summary>
        public async Task<Socket> OpenDataAsync(CancellationToken cancellationToken)
        {
            int port;
            var reply = await Control.SendAsync("EPSV", Token);
            if (reply.Code == 229 && EpsvReply().Match(reply.Text) is { Success: true } epsv)
            {
                port = int.Parse(epsv.Groups["port"].Value, CultureInfo.InvariantCulture);
            }
            else
            {
                reply = await Control.SendAsync("PASV", Token);
                if (reply.Code != 227 || PasvReply().Match(reply.Text) is not { Success: true } pasv)
                {
                    throw new FreeBusyUpstreamException($"server refused passive mode: {reply}");
                }

                // Note: the address in a 227 reply is ignored, as curl does by default: a server (or a
                // man in the middle) could otherwise point the gateway at any host.
                port = (int.Parse(pasv.Groups["p1"].Value, CultureInfo.InvariantCulture) << 8) | int.Parse(pasv.Groups["p2"].Value, CultureInfo.InvariantCulture);
            }

            if (port is < 1 or > 65535)
            {
                throw new FreeBusyUpstreamException($"server sent an invalid passive port: {reply}");
            }

            return await UpstreamConnector.ConnectAsync(_remote.ToString(), port, _target._connectTimeout, cancellationToken);
        }

        /// <summary>Sends a transfer command and returns its first reply (1yz when the transfer starts).</summary>
        public async Task<FtpReply> TransferAsync(string command)
        {
            await Control.WriteCommandAsync(command, Token);
            return await Control.ReadReplyAsync(Token);
        }

        public async Task<Stream> SecureDataAsync(Socket data)
        {
            // The stream owns the socket: closing it is the end of file the server waits for.
            Stream stream = new NetworkStream(data, ownsSocket: true);
            if (!_target._tls)
            {
                return stream;
            }

            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = _target._url.Host, RemoteCertificateValidationCallback = _target._validator.CreateCallback(_target._url.Host) },
                Token);
            return ssl;
        }

        public async Task QuitAsync()
        {
            try
            {
                await Control.SendAsync("QUIT", Token);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException)
            {
                // The work is done; a server that drops the connection on QUIT changes nothing.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Control.DisposeAsync();
            _timeout.Dispose();
        }
    }
}
