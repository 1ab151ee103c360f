using Gateway.Core.Listening;
using Gateway.Host.Commands;
using Gateway.Host.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Host.Tests.Commands;

[Collection("Process environment")]
public sealed class RunCommandTests
{
    [Fact]
    public void BuildHost_ShippedConfig_RegistersOneListenerPerEnabledEndpointWithoutOpeningThem()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "config", "scogw.json");
        var configuration = GatewayConfiguration.Load(shipped, new Dictionary<string, string?>());
        Assert.Empty(configuration.Errors);
        using var logger = new Serilog.LoggerConfiguration().CreateLogger();

        using var host = RunCommand.BuildHost(configuration, logger);

        var listeners = host.Services.GetServices<ListenerService>().Select(l => l.Key).Order();
        Assert.Equal(["Listen:Ftp", "Listen:Imap", "Listen:Pop3", "Listen:Smtp"], listeners);
        Assert.All(host.Services.GetServices<ListenerService>(), l => Assert.False(l.Bound.IsCompleted));
        Assert.Equal(4, host.Services.GetServices<IHostedService>().OfType<ListenerService>().Count());
    }
}
