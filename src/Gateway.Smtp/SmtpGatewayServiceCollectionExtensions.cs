using Gateway.Core.Configuration;
using Gateway.Core.Listening;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Smtp;

/// <summary>Registers the Smtp gateway's listeners and services.</summary>
public static class SmtpGatewayServiceCollectionExtensions
{
    /// <summary>Adds the listeners of this protocol that <paramref name="options"/> enables.</summary>
    public static IServiceCollection AddSmtpGateway(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Placeholder until the protocol is built: refuse cleanly with a protocol-correct line.
        var refusal = new RefusingConnectionHandler("421 4.3.2 ScoGateway: the SMTP relay is not available in this build");
        services.AddListener("Listen:Smtp", options.Listen.Smtp, _ => refusal);
        services.AddListener("Listen:SmtpTls", options.Listen.SmtpTls, _ => refusal);
        return services;
    }
}
