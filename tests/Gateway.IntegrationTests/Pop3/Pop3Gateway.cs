using System.Net;
using Gateway.Core.Listening;
using Gateway.Core.Upstream;
using Gateway.Host.Commands;
using Gateway.Host.Configuration;
using Gateway.IntegrationTests.Fixtures;
using MailKit.Net.Pop3;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Gateway.IntegrationTests.Pop3;

/// <summary>A scogw host in the test process with its POP3 listeners in front of the fixture Dovecot's IMAP.</summary>
internal sealed class Pop3Gateway : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Serilog.Core.Logger _logger;

    private Pop3Gateway(IHost host, Serilog.Core.Logger logger, string configPath, LogEvents events)
    {
        _host = host;
        _logger = logger;
        ConfigPath = configPath;
        Events = events;
    }

    public string ConfigPath { get; }

    public string Directory => Path.GetDirectoryName(ConfigPath)!;

    public IPEndPoint Pop3 { get; private set; } = null!;

    /// <summary>The implicit-TLS listener, when started with client TLS.</summary>
    public IPEndPoint? Pop3Tls { get; private set; }

    public LogEvents Events { get; }

    public ICredentialStore Credentials => _host.Services.GetRequiredService<ICredentialStore>();

    /// <summary>Writes a configuration; <paramref name="pop3Options"/> is the <c>Pop3</c> section.</summary>
    /// <param name="servers">The fixture whose Dovecot is <c>Upstream:Imap</c>.</param>
    /// <param name="pop3Options">The <c>Pop3</c> section.</param>
    /// <param name="clientTls">Give the gateway the test certificate (STLS and <c>Listen:Pop3Tls</c>).</param>
    /// <param name="trustTestCa">Trust the fixture's CA for the upstream (false: its certificate must be refused).</param>
    public static string WriteConfig(MailStackFixture servers, object? pop3Options = null, bool clientTls = false, bool trustTestCa = true) =>
        WriteConfig(servers.Dovecot.Port("IMAP_PORT"), pop3Options, clientTls, trustTestCa);

    /// <summary>A configuration in front of the Dovecot IMAP server on <paramref name="imapPort"/>.</summary>
    public static string WriteConfig(int imapPort, object? pop3Options = null, bool clientTls = false, bool trustTestCa = true) => Scogw.WriteConfig(new
    {
        Upstream = new { Imap = Scogw.Endpoint(imapPort, trustTestCa: trustTestCa) },
        Listen = new { Pop3 = "127.0.0.1:0", Pop3Tls = clientTls ? "127.0.0.1:0" : "" },
        Tls = new { CertificatePath = clientTls ? Path.Combine(TestTls.Directory, "server.pfx") : "" },
        Pop3 = pop3Options ?? new { },
        Cache = new { Path = "cache" },
        Spool = new { Path = "spool" },
        Logs = new { Path = "logs", Traffic = true },
    });

    public static Task<Pop3Gateway> StartAsync(MailStackFixture servers, object? pop3Options = null, bool clientTls = false, bool trustTestCa = true) =>
        StartAsync(WriteConfig(servers, pop3Options, clientTls, trustTestCa));

    public static async Task<Pop3Gateway> StartAsync(string configPath)
    {
        var (host, logger, events) = await InProcessHost.StartAsync(configPath);
        var gateway = new Pop3Gateway(host, logger, configPath, events);
        var listeners = host.Services.GetServices<ListenerService>().ToList();
        gateway.Pop3 = await listeners.Single(l => l.Key == "Listen:Pop3").Bound.WaitAsync(TimeSpan.FromSeconds(10));
        if (listeners.SingleOrDefault(l => l.Key == "Listen:Pop3Tls") is { } tls)
        {
            gateway.Pop3Tls = await tls.Bound.WaitAsync(TimeSpan.FromSeconds(10));
        }

        return gateway;
    }

    /// <summary>A MailKit POP3 client connected to the gateway without TLS and logged in.</summary>
    public Task<Pop3Client> ConnectAsync(string user = DaveMailbox.User, string? password = null) => ConnectAsync(Pop3, user, password);

    public static async Task<Pop3Client> ConnectAsync(IPEndPoint endPoint, string user = DaveMailbox.User, string? password = null)
    {
        var client = new Pop3Client { Timeout = 60_000 };
        await client.ConnectAsync(endPoint.Address.ToString(), endPoint.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, password ?? user + "pw");
        return client;
    }

    /// <summary>Everything the traffic log of the gateway in <paramref name="directory"/> holds (complete once it stopped).</summary>
    public static string TrafficLog(string directory) => string.Concat(System.IO.Directory.GetFiles(Path.Combine(directory, "logs"), "traffic-*.log").Select(path =>
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }));

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
