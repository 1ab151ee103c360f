using System.Net.Sockets;
using Gateway.Core.Configuration;
using Gateway.Core.Upstream;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Gateway.Smtp.Relay;

/// <summary>
/// Opens logged-in connections to <c>Upstream:Smtp</c> with the gateway's rules: TCP through
/// <see cref="UpstreamConnector"/>, TLS or STARTTLS as configured (a server without STARTTLS is refused,
/// never used in clear), the certificate checked by <see cref="UpstreamCertificateValidator"/>.
/// </summary>
internal sealed class UpstreamSmtpConnector
{
    private readonly UpstreamEndpointOptions _endpoint;
    private readonly UpstreamCertificateValidator _validator;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _readTimeout;
    private readonly UpstreamCapabilities _capabilities;

    public UpstreamSmtpConnector(UpstreamOptions options, UpstreamCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(options);
        _endpoint = options.Smtp;
        _validator = UpstreamCertificateValidator.For(options.Smtp);
        _connectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds);
        _readTimeout = TimeSpan.FromSeconds(options.ReadTimeoutSeconds);
        _capabilities = capabilities;
    }

    /// <summary>The server, as <c>host:port</c>, for messages.</summary>
    public string Endpoint => UpstreamConnector.EndpointText(_endpoint.Host, _endpoint.Port);

    /// <summary>Connects and logs in as <paramref name="user"/>.</summary>
    /// <exception cref="UpstreamSmtpException">The server could not be reached, secured, or refused the login.</exception>
    public async Task<UpstreamSmtpClient> ConnectAsync(string user, string password, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = await UpstreamConnector.ConnectAsync(_endpoint.Host, _endpoint.Port, _connectTimeout, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new UpstreamSmtpException($"{Endpoint}: {UpstreamConnector.Describe(e, _endpoint.Host)}", e);
        }
        catch (TimeoutException e)
        {
            throw new UpstreamSmtpException($"{Endpoint}: {e.Message}", e);
        }

        var client = new UpstreamSmtpClient
        {
            Timeout = (int)_readTimeout.TotalMilliseconds,
            ServerCertificateValidationCallback = _validator.CreateCallback(_endpoint.Host),
        };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_connectTimeout);
                await client.ConnectAsync(socket, _endpoint.Host, _endpoint.Port, ToSocketOptions(_endpoint.Security), timeout.Token);
            }

            client.AuthenticationMechanisms.Remove("XOAUTH2");
            client.AuthenticationMechanisms.Remove("OAUTHBEARER");
            await client.AuthenticateAsync(user, password, cancellationToken);
            _capabilities.Update(client);
            return client;
        }
        catch (Exception e) when (Describe(e, cancellationToken) is { } reason)
        {
            client.Dispose();
            socket.Dispose();
            throw new UpstreamSmtpException($"{Endpoint}: {reason}", e) { LoginRefused = e is AuthenticationException };
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Says why an upstream operation failed when the failure means "try later"; null for anything else.</summary>
    public static string? Describe(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when !cancellationToken.IsCancellationRequested => "timed out",
        NotSupportedException when exception.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase)
            => "the server does not offer STARTTLS but Security is StartTls",
        NotSupportedException => $"the server offers no usable login: {exception.Message}",
        SslHandshakeException => $"TLS handshake failed (is the certificate trusted? see Upstream:Smtp:TrustedCaPath): {exception.Message}",
        SaslException => $"login failed: {exception.Message}",
        AuthenticationException => $"the server refused the login: {exception.Message}",
        SmtpCommandException command => $"{(int)command.StatusCode} {command.Message}",
        SmtpProtocolException => $"protocol error: {exception.Message}",
        ServiceNotConnectedException => "connection lost",
        SocketException socket => UpstreamConnector.Describe(socket, ""),
        IOException => $"connection lost: {exception.Message}",
        _ => null,
    };

    private static SecureSocketOptions ToSocketOptions(SecurityMode security) => security switch
    {
        SecurityMode.None => SecureSocketOptions.None,
        SecurityMode.StartTls => SecureSocketOptions.StartTls,
        SecurityMode.Tls => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, null),
    };
}
