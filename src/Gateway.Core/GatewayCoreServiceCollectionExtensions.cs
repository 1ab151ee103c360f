using Gateway.Core.Cache;
using Gateway.Core.Configuration;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Gateway.Core;

/// <summary>Registers the services of Gateway.Core.</summary>
public static class GatewayCoreServiceCollectionExtensions
{
    /// <summary>Adds the clock, the traffic log sink, the upstream probe, the credential verifier and the in-memory credential store as singletons, and the message cache store when <c>Cache:Enabled</c>.</summary>
    public static IServiceCollection AddGatewayCore(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITrafficSink>(_ => options.Logs.Traffic ? new FileTrafficSink(options.Logs) : NullTrafficSink.Instance);
        services.TryAddSingleton(_ => new UpstreamProbe(options.Upstream));
        services.TryAddSingleton<ICredentialStore>(provider => new InMemoryCredentialStore(provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICredentialVerifier>(provider => new UpstreamCredentialVerifier(
            options.Upstream,
            provider.GetRequiredService<UpstreamProbe>(),
            provider.GetRequiredService<ICredentialStore>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<UpstreamCredentialVerifier>>()));
        if (options.Cache.Enabled)
        {
            services.TryAddSingleton(provider => new MessageCacheStore(
                new MessageCacheOptions
                {
                    Enabled = true,
                    Directory = options.Cache.Path,
                    MaxSizeMB = options.Cache.MaxSizeMB,
                    EncryptionKey = options.Cache.Encrypt ? CacheKeyFile.LoadOrCreate(options.Cache.KeyFile!) : null,
                },
                provider.GetRequiredService<TimeProvider>()));
        }

        return services;
    }
}
