using System.Reflection;

namespace Gateway.Host.Commands;

/// <summary>The product version and the source revision it was built from.</summary>
internal static class VersionText
{
    public static string Get()
    {
        var informational = typeof(VersionText).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? informational : informational[..plus];
        var revision = plus < 0 ? "unknown" : informational[(plus + 1)..];
        return $"scogw {version} (revision {revision})";
    }
}
