using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Listening;

/// <summary>Registers a <see cref="ListenerService"/> per enabled endpoint.</summary>
public static class ListenerServiceCollectionExtensions
{
    /// <summary>Adds a listener on <paramref name="endPoint"/> if it is configured (not null).</summary>
    public static IServiceCollection AddListener(
        this IServiceCollection services, string key, IPEndPoint? endPoint, Func<IServiceProvider, IConnectionHandler> handlerFactory)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (endPoint is null)
        {
            return services;
        }

        services.AddSingleton(provider => new ListenerService(
            key, endPoint, handlerFactory(provider), provider.GetRequiredService<ILogger<ListenerService>>()));
        services.AddSingleton<IHostedService>(provider => provider.GetServices<ListenerService>().First(l => l.Key == key));
        return services;
    }
}
