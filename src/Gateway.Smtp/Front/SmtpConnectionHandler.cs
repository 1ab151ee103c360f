using Gateway.Core.Listening;
using Gateway.Core.TrafficLog;
using Microsoft.Extensions.Logging;

namespace Gateway.Smtp.Front;

/// <summary>One SMTP client connection: optional implicit TLS, traffic recording, then the session.</summary>
internal sealed partial class SmtpConnectionHandler(SmtpFrontServices services, bool implicitTls) : IConnectionHandler
{
    public async Task HandleAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var recorder = new TrafficRecorder(services.Traffic, connection.SessionId, TrafficProtocol.Smtp, connection.RemoteEndPoint.ToString(), services.Time);
        Stream stream = connection.Stream;
        if (implicitTls)
        {
            var (ssl, failure) = await ClientTls.AuthenticateAsync(stream, services.Certificate!, leaveInnerStreamOpen: false, TimeSpan.FromSeconds(services.Options.Smtp.ClientTimeoutSeconds), cancellationToken);
            if (ssl is null)
            {
                Log.TlsFailed(services.Logger, failure!);
                return;
            }

            stream = ssl;
        }

        await using var session = new SmtpSession(services, stream, implicitTls, recorder);
        await session.RunAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Information, "client TLS handshake failed: {Reason}")]
        public static partial void TlsFailed(ILogger logger, string reason);
    }
}
