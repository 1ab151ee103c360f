namespace Gateway.IntegrationTests.Fixtures;

/// <summary>Locations in the source tree that the tests use: the upstream scripts and the built scogw.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string UpstreamScript(string name) => Path.Combine(Root, "scripts", "upstream", name);

    /// <summary>scogw.dll as built beside this test assembly (the test project references the Host).</summary>
    public static string ScogwDll { get; } = Path.Combine(AppContext.BaseDirectory, "scogw.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScoGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"ScoGateway.sln not found above {AppContext.BaseDirectory}");
    }
}
