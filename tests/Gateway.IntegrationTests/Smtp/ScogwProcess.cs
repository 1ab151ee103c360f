using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Smtp;

/// <summary>The real scogw executable running <c>run --config</c> as a child process, to be killed like a crashed service.</summary>
internal sealed partial class ScogwProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<IPEndPoint> _smtp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ScogwProcess(string configPath)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { RepositoryPaths.ScogwDll, "run", "--config", configPath })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("cannot start scogw");
        _process.OutputDataReceived += OnOutput;
        _process.ErrorDataReceived += OnOutput;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts scogw and waits until its SMTP listener is bound.</summary>
    public static async Task<(ScogwProcess Process, IPEndPoint Smtp)> StartAsync(string configPath)
    {
        var process = new ScogwProcess(configPath);
        try
        {
            var endPoint = await process._smtp.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return (process, endPoint);
        }
        catch (TimeoutException)
        {
            process.Dispose();
            throw new TimeoutException($"scogw did not start listening: {process.Output}");
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or power cut of the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(30_000);
        }

        _process.Dispose();
    }

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(e.Data);
        }

        if (ListeningLine().Match(e.Data) is { Success: true } match && IPEndPoint.TryParse(match.Groups[1].Value, out var endPoint))
        {
            _smtp.TrySetResult(endPoint);
        }
    }

    [GeneratedRegex(@"Listen:Smtp""? listening on ""?([0-9.]+:[0-9]+)")]
    private static partial Regex ListeningLine();
}
