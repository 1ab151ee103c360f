using Gateway.Core.Listening;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.FreeBusy.Store;
using Microsoft.Extensions.Logging;

namespace Gateway.FreeBusy.Session;

/// <summary>Runs one FTP control connection: traffic recording around the stream, then an <see cref="FtpSession"/>.</summary>
internal sealed class FtpConnectionHandler : IConnectionHandler
{
    private readonly FreeBusyService _service;
    private readonly ICredentialVerifier _verifier;
    private readonly ITrafficSink _traffic;
    private readonly ILogger<FtpConnectionHandler> _logger;
    private readonly TimeProvider _time;

    public FtpConnectionHandler(FreeBusyService service, ICredentialVerifier verifier, ITrafficSink traffic, ILogger<FtpConnectionHandler> logger, TimeProvider time)
    {
        _service = service;
        _verifier = verifier;
        _traffic = traffic;
        _logger = logger;
        _time = time;
    }

    public async Task HandleAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var recorder = new TrafficRecorder(_traffic, connection.SessionId, TrafficProtocol.Ftp, connection.RemoteEndPoint.ToString(), _time);
        await using var control = new RecordingStream(connection.Stream, recorder, TrafficDirection.FromClient, TrafficDirection.ToClient);
        using var session = new FtpSession(connection, control, _service, _verifier, recorder, _logger);
        await session.RunAsync(cancellationToken);
    }
}
