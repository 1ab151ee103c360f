using Gateway.Core.Configuration;
using Gateway.Core.Listening;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.Smtp.Dsn;
using Gateway.Smtp.Front;
using Gateway.Smtp.Relay;
using Gateway.Smtp.Spool;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Smtp;

/// <summary>Registers the SMTP gateway: the spool worker and the listeners.</summary>
public static class SmtpGatewayServiceCollectionExtensions
{
    /// <summary>Adds <c>Listen:Smtp</c> (STARTTLS when a certificate is configured), <c>Listen:SmtpTls</c> (implicit TLS) and the spool worker when either is enabled.</summary>
    public static IServiceCollection AddSmtpGateway(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Listen.Smtp is null && options.Listen.SmtpTls is null)
        {
            return services;
        }

        var certificate = ServerCertificate.Load(options.Tls);
        services.AddSingleton(provider => new MessageSpool(options.Spool.Path, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<UpstreamCapabilities>();
        services.AddSingleton(provider => new UpstreamSmtpConnector(options.Upstream, provider.GetRequiredService<UpstreamCapabilities>()));
        services.AddSingleton(provider => new SpoolWorker(
            provider.GetRequiredService<MessageSpool>(),
            options.Smtp,
            provider.GetRequiredService<ICredentialStore>(),
            provider.GetRequiredService<UpstreamSmtpConnector>(),
            new DsnAppender(options.Upstream),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SpoolWorker>>()));

        // Before the listeners: the worker's start recovers the spool, which must happen before any session writes to it.
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<SpoolWorker>());
        services.AddSingleton(provider => new SmtpFrontServices(
            options,
            certificate,
            provider.GetRequiredService<ICredentialVerifier>(),
            new SenderPolicy(options.Smtp),
            provider.GetRequiredService<MessageSpool>(),
            provider.GetRequiredService<SpoolWorker>(),
            provider.GetRequiredService<UpstreamSmtpConnector>(),
            provider.GetRequiredService<UpstreamCapabilities>(),
            provider.GetRequiredService<ITrafficSink>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SmtpSession>>()));
        services.AddListener("Listen:Smtp", options.Listen.Smtp, provider => new SmtpConnectionHandler(provider.GetRequiredService<SmtpFrontServices>(), implicitTls: false));
        services.AddListener("Listen:SmtpTls", options.Listen.SmtpTls, provider => new SmtpConnectionHandler(provider.GetRequiredService<SmtpFrontServices>(), implicitTls: true));
        return services;
    }
}
