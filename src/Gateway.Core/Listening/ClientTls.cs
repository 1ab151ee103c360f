using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Core.Listening;

/// <summary>The server side of a client's TLS handshake (implicit TLS or after STARTTLS/STLS), bounded in time.</summary>
public static class ClientTls
{
    /// <summary>Runs the handshake over <paramref name="inner"/>; returns null (TLS stream disposed) and the reason when it fails or times out.</summary>
    /// <param name="inner">The client's stream.</param>
    /// <param name="certificate">The gateway's certificate (<c>Tls:CertificatePath</c>).</param>
    /// <param name="leaveInnerStreamOpen">Keep <paramref name="inner"/> open when the TLS stream is disposed (STARTTLS keeps the socket).</param>
    /// <param name="timeout">How long the client gets to finish the handshake.</param>
    /// <param name="cancellationToken">Shutdown; its cancellation is thrown, not reported.</param>
    public static async Task<(SslStream? Stream, string? Failure)> AuthenticateAsync(
        Stream inner, X509Certificate2 certificate, bool leaveInnerStreamOpen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen);
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        handshake.CancelAfter(timeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, handshake.Token);
            return (ssl, null);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await ssl.DisposeAsync();
            return (null, e is OperationCanceledException ? "handshake timed out" : e.Message);
        }
    }
}
