using Gateway.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.Host.Configuration;

/// <summary>The configuration as loaded: where it came from, the merged values and the validated options.</summary>
internal sealed record GatewayConfiguration(
    string ConfigPath, IConfigurationRoot Root, GatewayOptions Options, IReadOnlyList<ConfigurationError> Errors)
{
    /// <summary>Environment variables with this prefix override the file: <c>SCOGW__Upstream__Imap__Host</c>.</summary>
    public const string EnvironmentPrefix = "SCOGW__";

    /// <summary>The file used when <c>--config</c> is not given: <c>config/scogw.json</c> in the working folder, else beside the executable.</summary>
    public static string DefaultConfigPath()
    {
        var local = Path.GetFullPath(Path.Combine("config", "scogw.json"));
        return File.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "config", "scogw.json");
    }

    /// <summary>
    /// Loads <paramref name="configPath"/> (or the default file), then environment variables, then
    /// command-line overrides; a missing or malformed file is reported as an error, not thrown.
    /// </summary>
    public static GatewayConfiguration Load(string? configPath, IReadOnlyDictionary<string, string?> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var path = Path.GetFullPath(configPath ?? DefaultConfigPath());
        var errors = new List<ConfigurationError>();
        var builder = new ConfigurationBuilder();
        if (!File.Exists(path))
        {
            errors.Add(new("--config", $"configuration file '{path}' does not exist"));
        }
        else
        {
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(overrides);

        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            errors.Add(new("--config", $"configuration file '{path}' cannot be read: {reason}"));
            root = new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).AddInMemoryCollection(overrides).Build();
        }

        var options = GatewayOptionsReader.Read(root, Path.GetDirectoryName(path)!, out var optionErrors);
        errors.AddRange(optionErrors);
        return new GatewayConfiguration(path, root, options, errors);
    }
}
