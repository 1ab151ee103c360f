using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Host;

/// <summary>
/// The shipped <c>deploy/scogw.service</c>, run as systemd would run it: its <c>ExecStart</c> arguments and
/// <c>Environment</c> lines, a parent process called systemd and a <c>NOTIFY_SOCKET</c> this test listens on,
/// with the unit's state and log folders mapped into a temporary folder.
/// </summary>
public sealed class SystemdUnitTests
{
    [Fact]
    public async Task ShippedUnit_NotifiesReadyOnceListening_UsesItsFolders_AndStopsOnSigterm()
    {
        var imapPort = FreePorts.Next();
        using var unit = UnitRun.Start(imapPort);
        try
        {
            Assert.Equal("READY=1", await unit.ReceiveAsync());
            // Ready means bound: the listener answers at once, with no retry.
            Assert.StartsWith("* OK [CAPABILITY IMAP4rev1 ", await CommandLineTests.ReadLineAsync(imapPort), StringComparison.Ordinal);

            Assert.Equal(0, CommandLineTests.Kill(unit.GatewayPid, 15));
            Assert.Equal("STOPPING=1", await unit.ReceiveAsync());
            Assert.Equal(0, await unit.ExitCodeAsync());
            Assert.NotEmpty(Directory.GetFiles(unit.Logs, "scogw-*.log"));
            Assert.Equal(["cache", "cache.key", "freebusy", "spool"], Directory.GetFileSystemEntries(unit.State).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            // Relative paths would have put the folders beside the configuration.
            Assert.Equal([unit.Config], Directory.GetFileSystemEntries(Path.GetDirectoryName(unit.Config)!));
        }
        finally
        {
            unit.Kill();
        }
    }

    [Fact]
    public async Task ShippedUnit_PortTaken_FailsStartWithoutEverNotifyingReady()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        using var unit = UnitRun.Start(((IPEndPoint)taken.LocalEndpoint).Port);
        try
        {
            Assert.Equal(1, await unit.ExitCodeAsync());
            Assert.Contains("Listen:Imap: cannot listen on", unit.Error, StringComparison.Ordinal);
            // Every datagram the gateway sent is queued by now: READY=1 must not be among them.
            var sent = new List<string>();
            var buffer = new byte[512];
            while (unit.Notify.Available > 0)
            {
                sent.Add(Encoding.UTF8.GetString(buffer, 0, unit.Notify.Receive(buffer)).Trim());
            }

            Assert.DoesNotContain("READY=1", sent);
        }
        finally
        {
            unit.Kill();
        }
    }

    private sealed class UnitRun : IDisposable
    {
        private static readonly string UnitPath = Path.Combine(RepositoryPaths.Root, "deploy", "scogw.service");
        private readonly Process _process;
        private readonly Task<string> _output;
        private readonly Task<string> _error;

        private UnitRun(Process process, Socket notify, string state, string logs, string config)
        {
            _process = process;
            Notify = notify;
            State = state;
            Logs = logs;
            Config = config;
            _output = process.StandardOutput.ReadToEndAsync();
            _error = process.StandardError.ReadToEndAsync();
        }

        public Socket Notify { get; }

        public string State { get; }

        public string Logs { get; }

        public string Config { get; }

        public string Error => _error.IsCompleted ? _error.Result : "";

        /// <summary>scogw itself, the only child of the shell that plays systemd.</summary>
        public int GatewayPid
        {
            get
            {
                var children = File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return int.Parse(Assert.Single(children), CultureInfo.InvariantCulture);
            }
        }

        public static UnitRun Start(int imapPort)
        {
            var unit = File.ReadAllLines(UnitPath).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            Assert.Contains("Type=notify", unit);
            var execStart = unit.Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["/usr/bin/dotnet", "/opt/scogw/scogw.dll", "run", "--config", "/etc/scogw/scogw.json"], execStart);

            var dir = Path.Combine(TestTls.RunDirectory, "unit-" + Guid.NewGuid().ToString("N")[..8]);
            var state = Path.Combine(dir, "var-lib-scogw");
            var logs = Path.Combine(dir, "var-log-scogw");
            Directory.CreateDirectory(state);
            Directory.CreateDirectory(logs);
            var config = Scogw.WriteConfig(new
            {
                Upstream = new { Imap = new { Host = "127.0.0.1", Port = FreePorts.Next() } },
                Listen = new { Imap = $"127.0.0.1:{imapPort}" },
                Cache = new { Encrypt = true },
            });

            var notifyPath = Path.Combine(dir, "notify");
            var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(notifyPath));

            // The host takes itself for a systemd service when its parent process is called "systemd":
            // a shell started under that name runs scogw as its child and exits with its exit code.
            var systemd = Path.Combine(dir, "systemd");
            File.CreateSymbolicLink(systemd, "/bin/sh");
            var info = new ProcessStartInfo(systemd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            string[] arguments = ["-c", "\"$@\" & wait $!", "sh", "dotnet", RepositoryPaths.ScogwDll, .. execStart[2..^1], config];
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var line in unit.Where(l => l.StartsWith("Environment=", StringComparison.Ordinal)))
            {
                var assignment = line["Environment=".Length..];
                var equals = assignment.IndexOf('=', StringComparison.Ordinal);
                Assert.True(equals > 0, $"not NAME=value: {assignment}");
                info.Environment[assignment[..equals]] = assignment[(equals + 1)..]
                    .Replace("/var/lib/scogw", state, StringComparison.Ordinal)
                    .Replace("/var/log/scogw", logs, StringComparison.Ordinal);
            }

            info.Environment["NOTIFY_SOCKET"] = notifyPath;
            return new UnitRun(Process.Start(info)!, notify, state, logs, config);
        }

        public async Task<string> ReceiveAsync()
        {
            var buffer = new byte[512];
            var receive = Notify.ReceiveAsync(buffer, SocketFlags.None);
            var exited = _process.WaitForExitAsync();
            if (await Task.WhenAny(receive, exited).WaitAsync(TimeSpan.FromSeconds(60)) == exited && !receive.IsCompleted)
            {
                await Task.WhenAll(_output, _error);
                Assert.Fail($"scogw exited ({_process.ExitCode}) without notifying: {_output.Result}{_error.Result}");
            }

            return Encoding.UTF8.GetString(buffer, 0, await receive).Trim();
        }

        public async Task<int> ExitCodeAsync()
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await Task.WhenAll(_output, _error);
            return _process.ExitCode;
        }

        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        public void Dispose()
        {
            Notify.Dispose();
            _process.Dispose();
        }
    }
}
