using Gateway.Core.Configuration;
using Gateway.Core.Listening;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Imap;

/// <summary>Registers the Imap gateway's listeners and services.</summary>
public static class ImapGatewayServiceCollectionExtensions
{
    /// <summary>Adds the listeners of this protocol that <paramref name="options"/> enables.</summary>
    public static IServiceCollection AddImapGateway(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Placeholder until the protocol is built: refuse cleanly with a protocol-correct line.
        var refusal = new RefusingConnectionHandler("* BYE ScoGateway: the IMAP relay is not available in this build");
        services.AddListener("Listen:Imap", options.Listen.Imap, _ => refusal);
        services.AddListener("Listen:ImapTls", options.Listen.ImapTls, _ => refusal);
        return services;
    }
}
