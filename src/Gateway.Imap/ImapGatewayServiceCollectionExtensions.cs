using Gateway.Core.Cache;
using Gateway.Core.Configuration;
using Gateway.Core.Listening;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.Imap.Prefetch;
using Gateway.Imap.Session;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Imap;

/// <summary>Registers the IMAP gateway's listeners and services.</summary>
public static class ImapGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds <c>Listen:Imap</c> (STARTTLS when a certificate is configured) and <c>Listen:ImapTls</c> (implicit TLS),
    /// and the cache prefetch when <c>Cache:Prefetch</c> names folders.
    /// </summary>
    public static IServiceCollection AddImapGateway(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var certificate = options.Listen.Imap is not null || options.Listen.ImapTls is not null ? ServerCertificate.Load(options.Tls) : null;
        ImapConnectionHandler Handler(IServiceProvider provider, bool implicitTls) => new(
            options,
            certificate,
            implicitTls,
            provider.GetRequiredService<ITrafficSink>(),
            provider.GetRequiredService<ILogger<ImapConnectionHandler>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ICredentialStore>(),
            provider.GetService<MessageCacheStore>());

        services.AddListener("Listen:Imap", options.Listen.Imap, provider => Handler(provider, implicitTls: false));
        services.AddListener("Listen:ImapTls", options.Listen.ImapTls, provider => Handler(provider, implicitTls: true));
        if (options.Cache.Enabled && options.Cache.Prefetch.Count > 0 && options.Upstream.Imap.IsConfigured)
        {
            services.AddHostedService(provider => new PrefetchService(
                options,
                provider.GetRequiredService<ICredentialStore>(),
                provider.GetRequiredService<MessageCacheStore>(),
                provider.GetRequiredService<ITrafficSink>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<PrefetchService>>()));
        }

        return services;
    }
}
