using System.Net;
using Gateway.Core.Listening;
using Gateway.Host.Commands;
using Gateway.Host.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Gateway.IntegrationTests.Fixtures;

/// <summary>A scogw host running in the test process on free loopback ports, built exactly as <c>scogw run</c> builds it.</summary>
internal sealed class GatewayInstance : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Serilog.Core.Logger _logger;

    // The bound endpoint of every listener, by key; written once at start.
    private readonly Dictionary<string, IPEndPoint> _bound = [];

    private GatewayInstance(IHost host, Serilog.Core.Logger logger, string directory)
    {
        _host = host;
        _logger = logger;
        Directory = directory;
    }

    /// <summary>The folder of this instance's configuration, logs, cache and spool.</summary>
    public string Directory { get; }

    public IPEndPoint Imap { get; private set; } = null!;

    /// <summary>The implicit-TLS IMAP listener, when started with client TLS.</summary>
    public IPEndPoint? ImapTls { get; private set; }

    /// <summary>The gateway's log events, to wait for one (event-based synchronisation, no sleeps).</summary>
    public LogEvents Events { get; private init; } = null!;

    /// <summary>Starts a gateway whose IMAP listener is in front of <paramref name="imap"/> (an <c>Upstream:Imap</c> section).</summary>
    /// <param name="imap">The <c>Upstream:Imap</c> section.</param>
    /// <param name="imapOptions">The <c>Imap</c> section.</param>
    /// <param name="clientTls">Give the gateway the test certificate: STARTTLS on <see cref="Imap"/>, implicit TLS on <see cref="ImapTls"/>.</param>
    /// <param name="cache">The <c>Cache</c> section; by default a <c>cache</c> folder of its own.</param>
    public static async Task<GatewayInstance> StartAsync(object imap, object? imapOptions = null, bool clientTls = false, string profile = "Auto", object? cache = null)
    {
        var path = Scogw.WriteConfig(new
        {
            Upstream = new { Imap = imap, Profile = profile },
            Listen = new { Imap = "127.0.0.1:0", ImapTls = clientTls ? "127.0.0.1:0" : "" },
            Tls = new { CertificatePath = clientTls ? Path.Combine(TestTls.Directory, "server.pfx") : "" },
            Imap = imapOptions ?? new { },
            Cache = cache ?? new { Path = "cache" },
            Spool = new { Path = "spool" },
            Logs = new { Path = "logs", Traffic = true },
        });
        var instance = await StartFromConfigAsync(path);
        instance.Imap = instance.Listener("Listen:Imap");
        if (clientTls)
        {
            instance.ImapTls = instance.Listener("Listen:ImapTls");
        }

        return instance;
    }

    /// <summary>The FTP listener, when started with <see cref="StartFreeBusyAsync"/>.</summary>
    public IPEndPoint? Ftp { get; private set; }

    /// <summary>Starts a gateway whose FTP listener checks logins at <paramref name="imap"/> and forwards free/busy per <paramref name="freeBusyUpstream"/>.</summary>
    /// <param name="imap">The <c>Upstream:Imap</c> section.</param>
    /// <param name="freeBusyUpstream">The <c>Upstream:FreeBusy</c> section.</param>
    /// <param name="freeBusy">The <c>FreeBusy</c> section; <c>Path</c> defaults to <c>freebusy</c> in the instance folder.</param>
    /// <param name="directory">The instance folder to reuse (a restart keeps the store and queue), or null for a new one.</param>
    public static async Task<GatewayInstance> StartFreeBusyAsync(object imap, object freeBusyUpstream, object? freeBusy = null, string? directory = null)
    {
        var config = new
        {
            Upstream = new { Imap = imap, FreeBusy = freeBusyUpstream },
            Listen = new { Ftp = "127.0.0.1:0" },
            FreeBusy = freeBusy ?? new { Path = "freebusy" },
            Cache = new { Path = "cache" },
            Spool = new { Path = "spool" },
            Logs = new { Path = "logs", Traffic = true },
        };
        string path;
        if (directory is null)
        {
            path = Scogw.WriteConfig(config);
        }
        else
        {
            path = Path.Combine(directory, "scogw.json");
            await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(config));
        }

        var instance = await StartFromConfigAsync(path);
        instance.Ftp = instance.Listener("Listen:Ftp");
        return instance;
    }

    private static async Task<GatewayInstance> StartFromConfigAsync(string path)
    {
        var (host, logger, events) = await InProcessHost.StartAsync(path);
        var instance = new GatewayInstance(host, logger, Path.GetDirectoryName(path)!) { Events = events };
        foreach (var listener in host.Services.GetServices<ListenerService>())
        {
            instance._bound[listener.Key] = await listener.Bound.WaitAsync(TimeSpan.FromSeconds(10));
        }

        return instance;
    }

    private IPEndPoint Listener(string key) => _bound[key];

    /// <summary>Everything the traffic log holds so far.</summary>
    public string TrafficLog() =>
        string.Concat(System.IO.Directory.GetFiles(Path.Combine(Directory, "logs"), "traffic-*.log").Select(ReadShared));

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        await _logger.DisposeAsync();
    }
}
