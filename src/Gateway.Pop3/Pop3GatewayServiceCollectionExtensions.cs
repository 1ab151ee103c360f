using Gateway.Core.Configuration;
using Gateway.Core.Listening;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.Pop3.Maildrop;
using Gateway.Pop3.Session;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Pop3;

/// <summary>Registers the POP3 gateway's listeners and services.</summary>
public static class Pop3GatewayServiceCollectionExtensions
{
    /// <summary>Adds <c>Listen:Pop3</c> (STLS when a certificate is configured) and <c>Listen:Pop3Tls</c> (implicit TLS) when enabled.</summary>
    public static IServiceCollection AddPop3Gateway(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Listen.Pop3 is null && options.Listen.Pop3Tls is null)
        {
            return services;
        }

        var certificate = ServerCertificate.Load(options.Tls);
        services.AddSingleton<Pop3SizeMemo>();
        services.AddSingleton(provider => new Pop3Services(
            options,
            certificate,
            provider.GetRequiredService<ICredentialStore>(),
            provider.GetRequiredService<Pop3SizeMemo>(),
            provider.GetRequiredService<ITrafficSink>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<Pop3Session>>()));
        services.AddListener("Listen:Pop3", options.Listen.Pop3, provider => new Pop3ConnectionHandler(provider.GetRequiredService<Pop3Services>(), implicitTls: false));
        services.AddListener("Listen:Pop3Tls", options.Listen.Pop3Tls, provider => new Pop3ConnectionHandler(provider.GetRequiredService<Pop3Services>(), implicitTls: true));
        return services;
    }
}
