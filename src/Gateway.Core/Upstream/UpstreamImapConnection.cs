using System.Net.Sockets;
using Gateway.Core.Configuration;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Gateway.Core.Upstream;

/// <summary>
/// A MailKit <see cref="ImapClient"/> logged in at <c>Upstream:Imap</c> as one user, opened with the gateway's
/// rules: verified TLS (<see cref="UpstreamCertificateValidator"/>), STARTTLS refused when not offered,
/// <c>Upstream:ConnectTimeoutSeconds</c> for connect and greeting, <c>ReadTimeoutSeconds</c> for every reply.
/// </summary>
/// <remarks>For work done on a user's behalf with MailKit (the POP3 front; the SMTP DSN appender could use it too).</remarks>
public sealed class UpstreamImapConnection : IAsyncDisposable
{
    private readonly Socket _socket;

    private UpstreamImapConnection(ImapClient client, Socket socket)
    {
        Client = client;
        _socket = socket;
    }

    /// <summary>The authenticated client.</summary>
    public ImapClient Client { get; }

    /// <summary>Connects and logs in; <paramref name="connection"/> is set only when the result is accepted.</summary>
    /// <returns>Accepted, rejected (the server refused the credentials) or unavailable (with the reason, never the password).</returns>
    public static async Task<(CredentialCheck Check, UpstreamImapConnection? Connection)> OpenAsync(
        UpstreamOptions options, string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.Imap;
        var connectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds);
        Socket socket;
        try
        {
            socket = await UpstreamConnector.ConnectAsync(endpoint.Host, endpoint.Port, connectTimeout, cancellationToken);
        }
        catch (SocketException e)
        {
            return (CredentialCheck.Unavailable(UpstreamConnector.Describe(e, endpoint.Host)), null);
        }
        catch (TimeoutException e)
        {
            return (CredentialCheck.Unavailable(e.Message), null);
        }

        CertificateValidation? certificate = null;
        var client = new ImapClient
        {
            Timeout = options.ReadTimeoutSeconds * 1000,
            ServerCertificateValidationCallback = UpstreamCertificateValidator.For(endpoint).CreateCallback(endpoint.Host, v => certificate = v),
        };
        var connected = false;
        var phase = "TLS handshake or greeting";
        var phaseTimeout = connectTimeout;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(phaseTimeout);
            await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, UpstreamProbe.ToSocketOptions(endpoint.Security), timeout.Token);
            connected = true;
            phase = "login";
            phaseTimeout = TimeSpan.FromSeconds(options.ReadTimeoutSeconds);
            timeout.CancelAfter(phaseTimeout);
            client.AuthenticationMechanisms.Remove("XOAUTH2");
            client.AuthenticationMechanisms.Remove("OAUTHBEARER");
            await client.AuthenticateAsync(user, password, timeout.Token);
            return (CredentialCheck.Accepted, new UpstreamImapConnection(client, socket));
        }
        catch (AuthenticationException e)
        {
            Close(client, socket);
            return (CredentialCheck.Rejected(e.Message), null);
        }
        catch (NotSupportedException) when (!connected && endpoint.Security == SecurityMode.StartTls)
        {
            Close(client, socket);
            return (CredentialCheck.Unavailable("server does not offer STARTTLS but Security is StartTls"), null);
        }
        catch (SslHandshakeException) when (certificate is { Accepted: false } rejected)
        {
            Close(client, socket);
            return (CredentialCheck.Unavailable($"certificate not trusted ({rejected.Text})"), null);
        }
        catch (SslHandshakeException e)
        {
            Close(client, socket);
            return (CredentialCheck.Unavailable($"TLS handshake failed: {(e.InnerException ?? e).Message}"), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Close(client, socket);
            return (CredentialCheck.Unavailable($"{UpstreamConnector.TimedOut(phaseTimeout)} ({phase})"), null);
        }
        catch (Exception e) when (e is IOException or SocketException or ProtocolException or CommandException
            or SaslException or NotSupportedException)
        {
            Close(client, socket);
            return (CredentialCheck.Unavailable($"{UpstreamConnector.EndpointText(endpoint.Host, endpoint.Port)}: {e.Message}"), null);
        }
        catch
        {
            Close(client, socket);
            throw;
        }
    }

    private static void Close(ImapClient client, Socket socket)
    {
        client.Dispose();
        socket.Dispose();
    }

    /// <summary>Logs out politely (bounded by the client's timeout) and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Client.DisconnectAsync(quit: true, timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ProtocolException or CommandException or OperationCanceledException
            or ServiceNotConnectedException or ObjectDisposedException)
        {
            // The server is gone already; closing the socket is all that is left.
        }
        finally
        {
            Close(Client, _socket);
        }
    }
}
