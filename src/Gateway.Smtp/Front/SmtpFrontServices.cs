using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Configuration;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.Smtp.Relay;
using Gateway.Smtp.Spool;
using Microsoft.Extensions.Logging;

namespace Gateway.Smtp.Front;

/// <summary>What every SMTP session shares: configuration, the certificate, the credential check, the spool and the upstream.</summary>
internal sealed record SmtpFrontServices(
    GatewayOptions Options,
    X509Certificate2? Certificate,
    ICredentialVerifier Credentials,
    SenderPolicy Senders,
    MessageSpool Spool,
    SpoolWorker Worker,
    UpstreamSmtpConnector Connector,
    UpstreamCapabilities Capabilities,
    ITrafficSink Traffic,
    TimeProvider Time,
    ILogger<SmtpSession> Logger)
{
    public RetrySchedule Schedule { get; } = RetrySchedule.From(Options.Smtp);

    public string HostName { get; } = System.Net.Dns.GetHostName();
}
