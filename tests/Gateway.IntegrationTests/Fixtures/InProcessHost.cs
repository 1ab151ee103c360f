using Gateway.Host.Commands;
using Gateway.Host.Configuration;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Gateway.IntegrationTests.Fixtures;

/// <summary>Starts the gateway's host in this process from a configuration file, logging to a file and to <see cref="LogEvents"/>.</summary>
internal static class InProcessHost
{
    public static async Task<(IHost Host, Serilog.Core.Logger Logger, LogEvents Events)> StartAsync(string configPath)
    {
        var configuration = GatewayConfiguration.Load(configPath, new Dictionary<string, string?>());
        if (configuration.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", configuration.Errors));
        }

        var events = new LogEvents();
        var logger = new Serilog.LoggerConfiguration().MinimumLevel.Debug()
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .WriteTo.Sink(events)
            .WriteTo.File(Path.Combine(Path.GetDirectoryName(configPath)!, "logs", "scogw.log"), formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
        var host = RunCommand.BuildHost(configuration, logger);
        await host.StartAsync();
        return (host, logger, events);
    }
}
