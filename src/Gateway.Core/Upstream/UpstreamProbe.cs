using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Gateway.Core.Configuration;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailAuthenticationException = MailKit.Security.AuthenticationException;
using TlsAuthenticationException = System.Security.Authentication.AuthenticationException;

namespace Gateway.Core.Upstream;

/// <summary>
/// Connects to each upstream server once, optionally logs in, and reports reachability, TLS and login
/// separately; used by <c>scogw ping</c> and by the credential check.
/// </summary>
/// <remarks>
/// Expected failures (refused, timed out, certificate, STARTTLS missing, credentials rejected, protocol
/// errors) come back as a <see cref="ProbeResult"/> with <see cref="ProbeResult.Ok"/> false; only
/// cancellation by the caller's token throws.
/// An empty user skips the login, and <see cref="ProbeResult.Authenticated"/> stays <see langword="null"/>.
/// </remarks>
public sealed class UpstreamProbe
{
    private const string FreeBusyService = "FreeBusy";

    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _readTimeout;

    /// <summary>Creates a probe that uses the connect and read timeouts of <paramref name="options"/>.</summary>
    public UpstreamProbe(UpstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds);
        _readTimeout = TimeSpan.FromSeconds(options.ReadTimeoutSeconds);
    }

    /// <summary>Probes an IMAP server and, when <paramref name="user"/> is not empty, logs in.</summary>
    public Task<ProbeResult> ProbeImapAsync(UpstreamEndpointOptions endpoint, string? user, string? password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return ProbeMailAsync(
            "IMAP", endpoint.Host, endpoint.Port, ToSocketOptions(endpoint.Security), UpstreamCertificateValidator.For(endpoint),
            () => new ImapClient(), user, password, cancellationToken);
    }

    /// <summary>Probes an SMTP server and, when <paramref name="user"/> is not empty, authenticates.</summary>
    public Task<ProbeResult> ProbeSmtpAsync(UpstreamEndpointOptions endpoint, string? user, string? password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return ProbeMailAsync(
            "SMTP", endpoint.Host, endpoint.Port, ToSocketOptions(endpoint.Security), UpstreamCertificateValidator.For(endpoint),
            () => new SmtpClient(), user, password, cancellationToken);
    }

    /// <summary>Probes the free/busy server by its URL scheme: FTP(S) login, HTTP(S) <c>HEAD</c>, or IMAP(S) login.</summary>
    /// <remarks><c>imap://</c> uses STARTTLS when the server offers it; <c>ftp://</c> stays plain; <c>ftps://</c> requires <c>AUTH TLS</c>.</remarks>
    public async Task<ProbeResult> ProbeFreeBusyAsync(FreeBusyUpstreamOptions freeBusy, string? user, string? password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(freeBusy);
        if (freeBusy.Url is not { } url)
        {
            return new ProbeResult(FreeBusyService, "(not configured)", false, "none", null, null, null, false, "Upstream:FreeBusy:Url is not set");
        }

        var validator = UpstreamCertificateValidator.For(freeBusy);
        switch (url.Scheme)
        {
            case "ftp":
            case "ftps":
                return await ProbeFtpAsync(url, validator, user, password, cancellationToken);
            case "http":
            case "https":
                return await ProbeHttpAsync(url, validator, user, password, cancellationToken);
            case "imap":
            case "imaps":
                var secure = url.Scheme == "imaps";
                var result = await ProbeMailAsync(
                    "IMAP", url.Host, PortOf(url, secure ? 993 : 143),
                    secure ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable,
                    validator, () => new ImapClient(), user, password, cancellationToken);
                return result with { Service = FreeBusyService, Endpoint = EndpointText(url) };
            default:
                return new ProbeResult(FreeBusyService, EndpointText(url), false, "none", null, null, null, false, $"unsupported URL scheme '{url.Scheme}'");
        }
    }

    internal static SecureSocketOptions ToSocketOptions(SecurityMode security) => security switch
    {
        SecurityMode.None => SecureSocketOptions.None,
        SecurityMode.StartTls => SecureSocketOptions.StartTls,
        SecurityMode.Tls => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, null),
    };

    private async Task<ProbeResult> ProbeMailAsync(
        string service,
        string host,
        int port,
        SecureSocketOptions security,
        UpstreamCertificateValidator validator,
        Func<MailService> createClient,
        string? user,
        string? password,
        CancellationToken cancellationToken)
    {
        var report = new Report(service, UpstreamConnector.EndpointText(host, port));
        if (string.IsNullOrWhiteSpace(host))
        {
            return report.Fail("no host configured");
        }

        Socket socket;
        try
        {
            socket = await UpstreamConnector.ConnectAsync(host, port, _connectTimeout, cancellationToken);
        }
        catch (SocketException e)
        {
            return report.Fail(UpstreamConnector.Describe(e, host));
        }
        catch (TimeoutException e)
        {
            return report.Fail(e.Message);
        }

        report.Reachable = true;
        using var client = createClient();
        var connected = false;
        try
        {
            client.Timeout = (int)_readTimeout.TotalMilliseconds;
            client.ServerCertificateValidationCallback = validator.CreateCallback(host, report.Observe);

            var phase = "TLS handshake or greeting";
            var phaseTimeout = _connectTimeout;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                timeout.CancelAfter(phaseTimeout);
                await client.ConnectAsync(socket, host, port, security, timeout.Token);
                connected = true;
                report.TlsProtocol = client.IsSecure ? client.SslProtocol.ToString() : "none";

                if (string.IsNullOrEmpty(user))
                {
                    await DisconnectQuietlyAsync(client);
                    return report.Succeed();
                }

                phase = "login";
                phaseTimeout = _readTimeout;
                timeout.CancelAfter(phaseTimeout);
                client.AuthenticationMechanisms.Remove("XOAUTH2");
                client.AuthenticationMechanisms.Remove("OAUTHBEARER");
                await client.AuthenticateAsync(user, password ?? "", timeout.Token);
                report.Authenticated = true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return report.Fail($"{UpstreamConnector.TimedOut(phaseTimeout)} ({phase})");
            }

            await DisconnectQuietlyAsync(client);
            return report.Succeed();
        }
        catch (NotSupportedException) when (!connected && security == SecureSocketOptions.StartTls)
        {
            return report.Fail("server does not offer STARTTLS but Security is StartTls");
        }
        catch (NotSupportedException e) when (connected)
        {
            return report.Fail($"server offers no usable login: {e.Message}");
        }
        catch (SslHandshakeException e)
        {
            return report.Fail(report.Certificate is { Accepted: false } rejected
                ? $"certificate not trusted ({rejected.Text})"
                : $"TLS handshake failed: {Innermost(e).Message}");
        }
        catch (SaslException e)
        {
            return report.Fail($"login failed (SASL exchange): {e.Message}");
        }
        catch (MailAuthenticationException e)
        {
            report.Authenticated = false;
            return report.Fail($"credentials rejected: {e.Message}");
        }
        catch (CommandException e)
        {
            return report.Fail($"server refused a command: {e.Message}");
        }
        catch (ProtocolException e)
        {
            return report.Fail($"protocol error: {e.Message}");
        }
        catch (SocketException e)
        {
            return report.Fail(UpstreamConnector.Describe(e, host));
        }
        catch (IOException e)
        {
            return report.Fail($"connection lost: {Innermost(e).Message}");
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async Task<ProbeResult> ProbeFtpAsync(Uri url, UpstreamCertificateValidator validator, string? user, string? password, CancellationToken cancellationToken)
    {
        var report = new Report(FreeBusyService, EndpointText(url));
        var explicitTls = url.Scheme == "ftps";
        Socket socket;
        try
        {
            socket = await UpstreamConnector.ConnectAsync(url.Host, PortOf(url, 21), _connectTimeout, cancellationToken);
        }
        catch (SocketException e)
        {
            return report.Fail(UpstreamConnector.Describe(e, url.Host));
        }
        catch (TimeoutException e)
        {
            return report.Fail(e.Message);
        }

        report.Reachable = true;
        var overall = _connectTimeout + _readTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(overall);
        await using var ftp = new FtpControlClient(new NetworkStream(socket, ownsSocket: true));
        try
        {
            var greeting = await ftp.ReadFinalReplyAsync(timeout.Token);
            if (greeting.Code != 220)
            {
                return report.Fail($"server refused the session: {greeting}");
            }

            if (explicitTls)
            {
                var auth = await ftp.AuthTlsAsync(url.Host, validator.CreateCallback(url.Host, report.Observe), timeout.Token);
                if (auth.Code != 234)
                {
                    return report.Fail($"server does not offer AUTH TLS but the URL is ftps:// (replied {auth})");
                }

                report.TlsProtocol = ftp.Tls!.SslProtocol.ToString();
            }

            if (!string.IsNullOrEmpty(user))
            {
                if ($"{user}{password}".AsSpan().IndexOfAny('\r', '\n') >= 0)
                {
                    return report.Fail("the user name or password contains a line break, which FTP cannot send");
                }

                var reply = await ftp.SendAsync($"USER {user}", timeout.Token);
                if (reply.Code == 331)
                {
                    reply = await ftp.SendAsync($"PASS {password}", timeout.Token);
                }

                if (reply.Code is 530 or 430)
                {
                    report.Authenticated = false;
                    return report.Fail($"credentials rejected: {reply}");
                }

                if (!reply.IsPositiveCompletion)
                {
                    return report.Fail($"login failed: {reply}");
                }

                report.Authenticated = true;
            }

            await QuitQuietlyAsync(ftp);
            return report.Succeed();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return report.Fail(UpstreamConnector.TimedOut(overall));
        }
        catch (TlsAuthenticationException e)
        {
            return report.Fail(report.Certificate is { Accepted: false } rejected
                ? $"certificate not trusted ({rejected.Text})"
                : $"TLS handshake failed: {Innermost(e).Message}");
        }
        catch (InvalidDataException e)
        {
            return report.Fail($"protocol error: {e.Message}");
        }
        catch (IOException e)
        {
            return report.Fail($"connection lost: {Innermost(e).Message}");
        }
    }

    private async Task<ProbeResult> ProbeHttpAsync(Uri url, UpstreamCertificateValidator validator, string? user, string? password, CancellationToken cancellationToken)
    {
        var report = new Report(FreeBusyService, EndpointText(url));
        var validate = validator.CreateCallback(url.Host, report.Observe);

        // The handler does not expose the negotiated protocol, and with "Connection: close" the stream is gone
        // when the response arrives; the validation callback's sender is the SslStream, and by then the
        // protocol is negotiated.
        string? tlsProtocol = null;
        var connectTimeout = _connectTimeout;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectCallback = async (context, token) =>
            {
                var socket = await UpstreamConnector.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, connectTimeout, token);
                report.Reachable = true;
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                {
                    tlsProtocol = (sender as SslStream)?.SslProtocol.ToString();
                    return validate(sender, certificate, chain, errors);
                },
            },
        };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };

        var overall = _connectTimeout + _readTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(overall);
        try
        {
            var response = await SendAsync(http, HttpMethod.Head, url, user, password, timeout.Token);
            if (response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
            {
                response.Dispose();
                response = await SendAsync(http, HttpMethod.Get, url, user, password, timeout.Token);
            }

            using (response)
            {
                report.TlsProtocol = tlsProtocol ?? (url.Scheme == "https" ? "unknown" : "none");
                var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".Trim();
                var hasUser = !string.IsNullOrEmpty(user);
                if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
                {
                    report.Authenticated = hasUser ? true : null;
                    return report.Succeed();
                }

                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    report.Authenticated = hasUser ? false : null;
                    return report.Fail(hasUser ? $"credentials rejected: {status}" : $"server requires a login: {status}");
                }

                var location = response.Headers.Location is { } target ? $" (redirect to {target})" : "";
                return report.Fail($"server answered {status}{location}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return report.Fail(UpstreamConnector.TimedOut(overall));
        }
        catch (HttpRequestException e)
        {
            return report.Fail(DescribeHttpFailure(e, url, report));
        }
    }

    private static string DescribeHttpFailure(HttpRequestException exception, Uri url, Report report)
    {
        for (Exception? inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException socket:
                    return UpstreamConnector.Describe(socket, url.Host);
                case TimeoutException timeout:
                    return timeout.Message;
                case TlsAuthenticationException tls:
                    return report.Certificate is { Accepted: false } rejected
                        ? $"certificate not trusted ({rejected.Text})"
                        : $"TLS handshake failed: {Innermost(tls).Message}";
            }
        }

        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"host not found: {url.Host}",
            HttpRequestError.SecureConnectionError => $"TLS handshake failed: {Innermost(exception).Message}",
            _ => Innermost(exception).Message,
        };
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, Uri url, string? user, string? password, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        if (!string.IsNullOrEmpty(user))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        }

        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static async Task DisconnectQuietlyAsync(MailService client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ProtocolException or CommandException)
        {
            // The probe has its answer; a server that drops the connection on LOGOUT/QUIT changes nothing.
        }
    }

    private static async Task QuitQuietlyAsync(FtpControlClient ftp)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await ftp.SendAsync("QUIT", timeout.Token);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException)
        {
            // As in DisconnectQuietlyAsync: the answer is known already.
        }
    }

    private static int PortOf(Uri url, int fallback) => url.IsDefaultPort || url.Port <= 0 ? fallback : url.Port;

    private static string EndpointText(Uri url) => url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }

    /// <summary>What a probe has found so far; written by one probe only, then turned into a <see cref="ProbeResult"/>.</summary>
    private sealed class Report(string service, string endpoint)
    {
        public bool Reachable { get; set; }

        public string TlsProtocol { get; set; } = "none";

        public CertificateValidation? Certificate { get; private set; }

        public bool? Authenticated { get; set; }

        public void Observe(CertificateValidation validation) => Certificate = validation;

        public ProbeResult Succeed() => Build(ok: true, error: null);

        public ProbeResult Fail(string error) => Build(ok: false, error);

        private ProbeResult Build(bool ok, string? error) => new(
            service, endpoint, Reachable, TlsProtocol, Certificate?.Subject, Certificate?.Text, Authenticated, ok, error);
    }
}
