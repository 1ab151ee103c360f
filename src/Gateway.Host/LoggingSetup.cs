using Gateway.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace Gateway.Host;

/// <summary>Builds the Serilog pipeline: console plus daily rolling files under <c>Logs:Path</c>.</summary>
internal static class LoggingSetup
{
    private const string Template =
        "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(GatewayOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        var level = Enum.Parse<LogEventLevel>(options.Logs.Level, ignoreCase: true);
        return new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .ReadFrom.Configuration(configuration, new Serilog.Settings.Configuration.ConfigurationReaderOptions { SectionName = "Serilog" })
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                Path.Combine(options.Logs.Path, "scogw-.log"),
                outputTemplate: Template,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: options.Logs.RetainDays,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }
}
