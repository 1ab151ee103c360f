using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Host;

/// <summary>The <c>scogw</c> executable's contract: --version, check-config, run and graceful stop.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Version_PrintsVersionAndSourceRevision()
    {
        var result = await Scogw.RunAsync(["--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^scogw \d+\.\d+\.\d+ \(revision [0-9a-f]{7,40}\)\s*$", result.Output);
    }

    [Fact]
    public async Task CheckConfig_BadKey_ExitsTwoAndNamesTheKey()
    {
        var config = Scogw.WriteConfig(new { Upstream = new { Imap = new { Host = "h", Port = 99999 } } });

        var result = await Scogw.RunAsync(["check-config", "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Upstream:Imap:Port: '99999' is not allowed; expected a whole number from 1 to 65535", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_CommandLineOverride_IsValidatedToo()
    {
        var config = Scogw.WriteConfig(new { Upstream = new { Imap = new { Host = "h" } } });

        var result = await Scogw.RunAsync(["check-config", "--config", config, "--Upstream:Imap:Security=Ssl"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Upstream:Imap:Security: 'Ssl' is not allowed; expected one of None, StartTls, Tls", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_Valid_PrintsSettingsAndRedactsSecrets()
    {
        var config = Scogw.WriteConfig(new { Upstream = new { Imap = new { Host = "imap.example.com" } }, Tls = new { CertificatePassword = "Pfx-Pass-123" } });

        var result = await Scogw.RunAsync(["check-config", "--config", config]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Upstream:Imap:Host = imap.example.com", result.Output, StringComparison.Ordinal);
        Assert.Contains("Tls:CertificatePassword = ***", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Pfx-Pass-123", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CacheStatsAndClear_WorkOnTheConfiguredFolder()
    {
        var cache = Path.Combine(TestTls.RunDirectory, "cache-" + Guid.NewGuid().ToString("N")[..8]);
        var config = Scogw.WriteConfig(new { Cache = new { Path = cache, MaxSizeMB = 10 } });
        var inbox = new Gateway.Core.Cache.MessageCacheMailbox("127.0.0.1:143", "alice", "INBOX", 1);
        using (var store = new Gateway.Core.Cache.MessageCacheStore(new() { Enabled = true, Directory = cache }))
        {
            Assert.True(await store.TryStoreAsync(inbox.Key(1, "BODY[]"), new byte[100]));
            Assert.True(await store.TryStoreAsync((inbox with { User = "bob" }).Key(1, "BODY[]"), new byte[100]));
            await using var hit = await store.TryOpenAsync(inbox.Key(1, "BODY[]"));
            Assert.NotNull(hit);
        }

        var stats = await Scogw.RunAsync(["cache", "stats", "--config", config]);
        Assert.Equal(0, stats.ExitCode);
        Assert.Matches(@"127\.0\.0\.1:143 +alice +1 +180 B", stats.Output);
        Assert.Contains("total: 2 user(s), 2 entries, 360 B of 10 MB", stats.Output, StringComparison.Ordinal);
        Assert.Contains("hits 1  misses 0", stats.Output, StringComparison.Ordinal);

        var clear = await Scogw.RunAsync(["cache", "clear", "--user", "alice", "--config", config]);
        Assert.Equal(0, clear.ExitCode);
        Assert.Contains("removed 1 entries (180 B) of user alice", clear.Output, StringComparison.Ordinal);
        Assert.Contains("total: 1 user(s), 1 entries", (await Scogw.RunAsync(["cache", "stats", "--config", config])).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ListenersRefuseCleanly_AndSigtermStopsGracefully()
    {
        var imapPort = FreePorts.Next();
        var smtpPort = FreePorts.Next();
        var dir = Path.Combine(TestTls.RunDirectory, "run-" + Guid.NewGuid().ToString("N")[..8]);
        var config = Scogw.WriteConfig(new
        {
            Upstream = new { Imap = new { Host = "127.0.0.1" }, Smtp = new { Host = "127.0.0.1" } },
            Listen = new { Imap = $"127.0.0.1:{imapPort}", Smtp = $"127.0.0.1:{smtpPort}" },
            Cache = new { Path = Path.Combine(dir, "cache") },
            Spool = new { Path = Path.Combine(dir, "spool") },
            Logs = new { Path = Path.Combine(dir, "logs"), Traffic = true, TrafficJson = true },
        });
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { RepositoryPaths.ScogwDll, "run", "--config", config })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var remaining = 2;
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
                if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true && --remaining == 0)
                {
                    listening.TrySetResult();
                }
            }
        };
        process.BeginOutputReadLine();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.StartsWith("* OK [CAPABILITY IMAP4rev1 ", await ReadLineAsync(imapPort), StringComparison.Ordinal);
            Assert.StartsWith("220 ", await ReadLineAsync(smtpPort), StringComparison.Ordinal);

            Assert.Equal(0, Kill(process.Id, 15));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {output}{await error}");
            lock (output)
            {
                Assert.Contains("scogw stopped", output.ToString(), StringComparison.Ordinal);
            }

            Assert.Single(Directory.GetFiles(Path.Combine(dir, "logs"), "scogw-*.log"));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Connects to a listener on loopback and returns its first line (a greeting).</summary>
    internal static async Task<string> ReadLineAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        return await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) ?? "";
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static extern int Kill(int pid, int signal);
}
