using Gateway.Core;
using Gateway.Core.Configuration;
using Gateway.FreeBusy;
using Gateway.Host.Configuration;
using Gateway.Imap;
using Gateway.Pop3;
using Gateway.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Serilog;

namespace Gateway.Host.Commands;

/// <summary><c>scogw run</c>: starts every enabled listener and runs until Ctrl-C / SIGTERM / service stop.</summary>
internal static class RunCommand
{
    /// <summary>Builds the service container for <paramref name="configuration"/> without starting anything.</summary>
    public static IHost BuildHost(GatewayConfiguration configuration, Serilog.ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "scogw",
            ContentRootPath = Path.GetDirectoryName(configuration.ConfigPath),
        });
        builder.Configuration.AddConfiguration(configuration.Root);
        builder.Services.AddSerilog(logger, dispose: false);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();
        builder.Services.AddWindowsService(o => o.ServiceName = "ScoGateway");
        builder.Services.AddSystemd();

        var options = configuration.Options;
        builder.Services.AddSingleton(options);
        builder.Services
            .AddGatewayCore(options)
            .AddImapGateway(options)
            .AddSmtpGateway(options)
            .AddFreeBusyGateway(options)
            .AddPop3Gateway(options);
        return builder.Build();
    }

    public static async Task<int> ExecuteAsync(GatewayConfiguration configuration, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(error);
        var errors = configuration.Errors.Count > 0
            ? configuration.Errors
            : GatewayOptionsReader.CheckWritablePaths(configuration.Options);
        if (errors.Count > 0)
        {
            CheckConfigCommand.ReportErrors(configuration, errors, error);
            return ExitCodes.ConfigurationError;
        }

        await using var logger = LoggingSetup.Create(configuration.Options, configuration.Root);
        logger.Information("{Version} starting with {ConfigPath}", VersionText.Get(), configuration.ConfigPath);
        try
        {
            // RunAsync disposes the host (asynchronously: the traffic sink flushes on DisposeAsync).
            await BuildHost(configuration, logger).RunAsync();
            logger.Information("scogw stopped");
            return ExitCodes.Ok;
        }
        catch (InvalidOperationException e)
        {
            // A listener that cannot bind fails start-up with a message naming its key.
            logger.Fatal("scogw cannot start: {Reason}", e.Message);
            await error.WriteLineAsync($"scogw cannot start: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
