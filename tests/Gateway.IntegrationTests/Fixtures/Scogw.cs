using System.Text.Json;

namespace Gateway.IntegrationTests.Fixtures;

/// <summary>Runs the real <c>scogw</c> executable (as built beside the tests) with a configuration file.</summary>
internal static class Scogw
{
    public static Task<ProcessRunner.Result> RunAsync(IEnumerable<string> arguments, string? standardInput = null) =>
        ProcessRunner.RunAsync("dotnet", [RepositoryPaths.ScogwDll, .. arguments], standardInput: standardInput, timeout: TimeSpan.FromMinutes(1));

    /// <summary>Writes <paramref name="configuration"/> as JSON into a fresh folder and returns the file's path.</summary>
    public static string WriteConfig(object configuration)
    {
        var dir = Path.Combine(TestTls.RunDirectory, "config-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "scogw.json");
        File.WriteAllText(path, JsonSerializer.Serialize(configuration));
        return path;
    }

    /// <summary>An <c>Upstream:Imap</c>/<c>Smtp</c> section for a fixture server on loopback.</summary>
    public static object Endpoint(int port, string security = "StartTls", bool trustTestCa = true, bool acceptInvalid = false) => new
    {
        Host = "127.0.0.1",
        Port = port,
        Security = security,
        TrustedCaPath = trustTestCa ? TestTls.CaPath : "",
        AcceptInvalidCertificate = acceptInvalid,
    };
}
