using System.Net.Sockets;
using Gateway.Core.Configuration;
using Gateway.Core.Upstream;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Gateway.Smtp.Dsn;

/// <summary>Puts a delivery-status report into a user's INBOX with IMAP APPEND at <c>Upstream:Imap</c>, logged in as that user.</summary>
internal sealed class DsnAppender
{
    private readonly UpstreamEndpointOptions _endpoint;
    private readonly UpstreamCertificateValidator _validator;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _readTimeout;

    public DsnAppender(UpstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _endpoint = options.Imap;
        _validator = UpstreamCertificateValidator.For(options.Imap);
        _connectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds);
        _readTimeout = TimeSpan.FromSeconds(options.ReadTimeoutSeconds);
    }

    /// <summary>Appends <paramref name="report"/> to the INBOX of <paramref name="user"/>; returns null on success, else why not.</summary>
    public async Task<string?> AppendAsync(string user, string password, MimeMessage report, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = await UpstreamConnector.ConnectAsync(_endpoint.Host, _endpoint.Port, _connectTimeout, cancellationToken);
        }
        catch (SocketException e)
        {
            return UpstreamConnector.Describe(e, _endpoint.Host);
        }
        catch (TimeoutException e)
        {
            return e.Message;
        }

        using var client = new ImapClient
        {
            Timeout = (int)_readTimeout.TotalMilliseconds,
            ServerCertificateValidationCallback = _validator.CreateCallback(_endpoint.Host),
        };
        try
        {
            var security = _endpoint.Security switch
            {
                SecurityMode.None => SecureSocketOptions.None,
                SecurityMode.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(socket, _endpoint.Host, _endpoint.Port, security, cancellationToken);
            client.AuthenticationMechanisms.Remove("XOAUTH2");
            client.AuthenticationMechanisms.Remove("OAUTHBEARER");
            await client.AuthenticateAsync(user, password, cancellationToken);
            await client.Inbox.AppendAsync(report, MessageFlags.None, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is IOException or SocketException or ProtocolException or CommandException or MailKit.Security.AuthenticationException
            or SslHandshakeException or NotSupportedException or SaslException or ServiceNotConnectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return $"{UpstreamConnector.EndpointText(_endpoint.Host, _endpoint.Port)}: {e.Message}";
        }
        finally
        {
            socket.Dispose();
        }
    }
}
