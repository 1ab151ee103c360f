namespace Gateway.IntegrationTests.Fixtures;

/// <summary>The test CA and localhost certificate every fixture server uses, made once per test run.</summary>
internal static class TestTls
{
    private static readonly Lazy<string> s_directory = new(Create);

    /// <summary>A folder for this test run: /tmp/scogw-it-&lt;pid&gt;.</summary>
    public static string RunDirectory { get; } = Path.Combine(Path.GetTempPath(), $"scogw-it-{System.Environment.ProcessId}");

    /// <summary>Holds ca.pem (to trust), server.pem/server.key, untrusted.pem/untrusted.key.</summary>
    public static string Directory => s_directory.Value;

    public static string CaPath => Path.Combine(Directory, "ca.pem");

    private static string Create()
    {
        var dir = Path.Combine(RunDirectory, "tls");
        var result = ProcessRunner.RunAsync(RepositoryPaths.UpstreamScript("tls-cert"), [dir]).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"tls-cert failed: {result.Error}");
        }

        return dir;
    }
}
