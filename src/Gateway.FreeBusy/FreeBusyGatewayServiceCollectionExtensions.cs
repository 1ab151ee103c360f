using Gateway.Core.Configuration;
using Gateway.Core.Listening;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.FreeBusy.Forwarders;
using Gateway.FreeBusy.Session;
using Gateway.FreeBusy.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.FreeBusy;

/// <summary>Registers the FreeBusy gateway's listeners and services.</summary>
public static class FreeBusyGatewayServiceCollectionExtensions
{
    /// <summary>Adds the FTP listener on <c>Listen:Ftp</c>, the local free/busy store and, with <c>Upstream:FreeBusy:Url</c>, the forward worker.</summary>
    public static IServiceCollection AddFreeBusyGateway(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Listen.Ftp is null)
        {
            return services;
        }

        var target = FreeBusyTargets.Create(options);
        services.AddSingleton(provider => new FreeBusyService(
            options.FreeBusy,
            target,
            provider.GetRequiredService<ICredentialStore>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<FreeBusyService>>()));
        if (target is not null)
        {
            services.AddSingleton<IHostedService>(provider => new ForwardWorker(
                provider.GetRequiredService<FreeBusyService>(),
                target,
                provider.GetRequiredService<ICredentialStore>(),
                provider.GetRequiredService<ILogger<ForwardWorker>>()));
        }

        services.AddListener("Listen:Ftp", options.Listen.Ftp, provider => new FtpConnectionHandler(
            provider.GetRequiredService<FreeBusyService>(),
            provider.GetRequiredService<ICredentialVerifier>(),
            provider.GetRequiredService<ITrafficSink>(),
            provider.GetRequiredService<ILogger<FtpConnectionHandler>>(),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
