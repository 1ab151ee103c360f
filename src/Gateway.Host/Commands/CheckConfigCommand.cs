using Gateway.Core.Configuration;
using Gateway.Host.Configuration;

namespace Gateway.Host.Commands;

/// <summary><c>scogw check-config</c>: validates and prints the effective settings with secrets redacted.</summary>
internal static class CheckConfigCommand
{
    public static int Execute(GatewayConfiguration configuration, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var errors = configuration.Errors.Count > 0
            ? configuration.Errors
            : GatewayOptionsReader.CheckWritablePaths(configuration.Options);
        if (errors.Count > 0)
        {
            ReportErrors(configuration, errors, error);
            return ExitCodes.ConfigurationError;
        }

        output.WriteLine($"# configuration file: {configuration.ConfigPath}");
        output.WriteLine($"# overridden by environment variables {GatewayConfiguration.EnvironmentPrefix}Section__Key and --Section:Key=value");
        foreach (var line in SettingsPrinter.Lines(configuration.Options))
        {
            output.WriteLine(line);
        }

        output.WriteLine("configuration is valid");
        return ExitCodes.Ok;
    }

    public static void ReportErrors(GatewayConfiguration configuration, IReadOnlyList<ConfigurationError> errors, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine($"configuration '{configuration.ConfigPath}' is invalid:");
        foreach (var e in errors)
        {
            error.WriteLine($"  error: {e}");
        }
    }
}
