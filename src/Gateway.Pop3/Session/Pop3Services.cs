using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Configuration;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.Pop3.Maildrop;
using Microsoft.Extensions.Logging;

namespace Gateway.Pop3.Session;

/// <summary>What every POP3 session shares: configuration, the certificate, the credential store, the size memo and the traffic sink.</summary>
internal sealed record Pop3Services(
    GatewayOptions Options,
    X509Certificate2? Certificate,
    ICredentialStore Credentials,
    Pop3SizeMemo Sizes,
    ITrafficSink Traffic,
    TimeProvider Time,
    ILogger<Pop3Session> Logger)
{
    /// <summary>Commit deletions with the non-UIDPLUS fallback even when the server has UIDPLUS (tests only).</summary>
    internal bool ForceExpungeFallback { get; init; }

    public TimeSpan ClientTimeout => TimeSpan.FromSeconds(Options.Pop3.ClientTimeoutSeconds);
}
