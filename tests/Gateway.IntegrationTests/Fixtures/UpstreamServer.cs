namespace Gateway.IntegrationTests.Fixtures;

/// <summary>
/// One real server started by <c>scripts/upstream/&lt;name&gt; start</c> on free loopback ports in
/// its own temporary state folder; disposing stops it and removes the folder.
/// </summary>
internal sealed class UpstreamServer : IAsyncDisposable
{
    private const int MissingPackageExitCode = 3;

    private UpstreamServer(string name, string stateDirectory, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        StateDirectory = stateDirectory;
        Environment = environment;
    }

    public string Name { get; }

    public string StateDirectory { get; }

    /// <summary>The variables the server was started with (its ports and TLS_DIR).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public int Port(string variable) => int.Parse(Environment[variable], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Starts <paramref name="name"/> with a free port for each of <paramref name="portVariables"/>.</summary>
    public static async Task<UpstreamServer> StartAsync(
        string name, IEnumerable<string> portVariables, IReadOnlyDictionary<string, string>? extra = null)
    {
        var state = Path.Combine(TestTls.RunDirectory, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(state);
        var environment = new Dictionary<string, string> { ["TLS_DIR"] = TestTls.Directory };
        foreach (var variable in portVariables)
        {
            environment[variable] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var result = await ProcessRunner.RunAsync(
            RepositoryPaths.UpstreamScript(name), ["start", state], environment, timeout: TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            await ProcessRunner.RunAsync(RepositoryPaths.UpstreamScript(name), ["stop", state], environment);
            var why = result.ExitCode == MissingPackageExitCode ? "a Debian package is missing" : $"exit code {result.ExitCode}";
            throw new InvalidOperationException(
                $"the {name} test server did not start ({why}); run scripts/upstream/install as root.\n{result.Error}\n{result.Output}");
        }

        return new UpstreamServer(name, state, environment);
    }

    /// <summary>Starts vsftpd with a control port (<paramref name="ftpPort"/> or a free one) and a run of ten passive data ports.</summary>
    public static Task<UpstreamServer> StartVsftpdAsync(int? ftpPort = null)
    {
        var first = FreePorts.NextRange(10);
        var extra = new Dictionary<string, string>
        {
            ["PASV_MIN_PORT"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PASV_MAX_PORT"] = (first + 9).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (ftpPort is { } port)
        {
            extra["FTP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return StartAsync("vsftpd", ftpPort is null ? ["FTP_PORT"] : [], extra);
    }

    /// <summary>Stops the server, keeping its state folder and ports for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        var result = await ProcessRunner.RunAsync(RepositoryPaths.UpstreamScript(Name), ["stop", StateDirectory], Environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name} did not stop: {result.Error}");
        }
    }

    /// <summary>Starts a stopped server again on the same ports with the same state.</summary>
    public async Task StartAgainAsync()
    {
        var result = await ProcessRunner.RunAsync(
            RepositoryPaths.UpstreamScript(Name), ["start", StateDirectory], Environment, timeout: TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name} did not start again: {result.Error}\n{result.Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync(RepositoryPaths.UpstreamScript(Name), ["stop", StateDirectory], Environment);
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Note: a daemon that is still writing its last log line can race the delete; the folder is in /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
