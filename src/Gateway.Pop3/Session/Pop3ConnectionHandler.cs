using Gateway.Core.Listening;
using Gateway.Core.TrafficLog;
using Microsoft.Extensions.Logging;

namespace Gateway.Pop3.Session;

/// <summary>One POP3 client connection: optional implicit TLS (<c>Listen:Pop3Tls</c>), traffic recording, then the session.</summary>
internal sealed partial class Pop3ConnectionHandler(Pop3Services services, bool implicitTls) : IConnectionHandler
{
    public async Task HandleAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var recorder = new TrafficRecorder(services.Traffic, connection.SessionId, TrafficProtocol.Pop3, connection.RemoteEndPoint.ToString(), services.Time);
        var stream = connection.Stream;
        if (implicitTls)
        {
            var (ssl, failure) = await ClientTls.AuthenticateAsync(stream, services.Certificate!, leaveInnerStreamOpen: false, services.ClientTimeout, cancellationToken);
            if (ssl is null)
            {
                Log.TlsFailed(services.Logger, failure!);
                return;
            }

            stream = ssl;
        }

        await using var session = new Pop3Session(services, stream, implicitTls, recorder);
        await session.RunAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "client TLS handshake failed: {Reason}")]
        public static partial void TlsFailed(ILogger logger, string reason);
    }
}
