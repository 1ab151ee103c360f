using Gateway.Core.Configuration;
using Gateway.Core.Listening;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.FreeBusy;

/// <summary>Registers the FreeBusy gateway's listeners and services.</summary>
public static class FreeBusyGatewayServiceCollectionExtensions
{
    /// <summary>Adds the listeners of this protocol that <paramref name="options"/> enables.</summary>
    public static IServiceCollection AddFreeBusyGateway(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Placeholder until the protocol is built: refuse cleanly with a protocol-correct line.
        var refusal = new RefusingConnectionHandler("421 ScoGateway: the free/busy FTP service is not available in this build");
        services.AddListener("Listen:Ftp", options.Listen.Ftp, _ => refusal);
        return services;
    }
}
