using Gateway.Core.Configuration;
using Gateway.Core.Listening;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Pop3;

/// <summary>Registers the POP3 gateway's listeners and services.</summary>
public static class Pop3GatewayServiceCollectionExtensions
{
    /// <summary>Adds the listeners of this protocol that <paramref name="options"/> enables.</summary>
    public static IServiceCollection AddPop3Gateway(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Placeholder until the protocol is built: refuse cleanly with a protocol-correct line.
        var refusal = new RefusingConnectionHandler("-ERR [SYS/TEMP] ScoGateway: the POP3 front is not available in this build");
        services.AddListener("Listen:Pop3", options.Listen.Pop3, _ => refusal);
        services.AddListener("Listen:Pop3Tls", options.Listen.Pop3Tls, _ => refusal);
        return services;
    }
}
