using System.Net;
using Gateway.Core.Listening;
using Gateway.Host.Commands;
using Gateway.Host.Configuration;
using Gateway.IntegrationTests.Fixtures;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Gateway.IntegrationTests.Smtp;

/// <summary>A scogw host in the test process with its SMTP listener in front of a fixture Postfix, logins checked at the fixture Dovecot.</summary>
internal sealed class SmtpGateway : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Serilog.Core.Logger _logger;

    private SmtpGateway(IHost host, Serilog.Core.Logger logger, string configPath, LogEvents events, IPEndPoint smtp)
    {
        _host = host;
        _logger = logger;
        ConfigPath = configPath;
        Events = events;
        Smtp = smtp;
    }

    public string ConfigPath { get; }

    public string Directory => Path.GetDirectoryName(ConfigPath)!;

    public string SpoolPath => Path.Combine(Directory, "spool");

    public IPEndPoint Smtp { get; }

    public LogEvents Events { get; }

    /// <summary>Writes the configuration of an SMTP gateway; <paramref name="smtpOptions"/> is the <c>Smtp</c> section.</summary>
    public static string WriteConfig(int imapPort, int smtpPort, object? smtpOptions = null, string listen = "127.0.0.1:0", string? spool = null, bool clientTls = false) => Scogw.WriteConfig(new
    {
        Upstream = new { Imap = Scogw.Endpoint(imapPort), Smtp = Scogw.Endpoint(smtpPort) },
        Listen = new { Smtp = listen },
        Tls = new { CertificatePath = clientTls ? Path.Combine(TestTls.Directory, "server.pfx") : "" },
        Smtp = smtpOptions ?? new { LocalDomains = new[] { "lab.test" } },
        Cache = new { Path = "cache" },
        Spool = new { Path = spool ?? "spool" },
        Logs = new { Path = "logs", Traffic = true },
    });

    public static Task<SmtpGateway> StartAsync(MailStackFixture servers, UpstreamServer? postfix = null, object? smtpOptions = null) =>
        StartAsync(WriteConfig(servers.Dovecot.Port("IMAP_PORT"), (postfix ?? servers.Postfix).Port("SMTP_PORT"), smtpOptions));

    public static async Task<SmtpGateway> StartAsync(string configPath)
    {
        var (host, logger, events) = await InProcessHost.StartAsync(configPath);
        var listener = host.Services.GetServices<ListenerService>().Single(l => l.Key == "Listen:Smtp");
        var bound = await listener.Bound.WaitAsync(TimeSpan.FromSeconds(10));
        return new SmtpGateway(host, logger, configPath, events, bound);
    }

    /// <summary>A MailKit client connected to the gateway (no TLS) and logged in unless <paramref name="user"/> is null.</summary>
    public Task<SmtpClient> ConnectAsync(string? user = "alice", string? password = null) => ConnectAsync(Smtp, user, password);

    public static async Task<SmtpClient> ConnectAsync(IPEndPoint endPoint, string? user = "alice", string? password = null)
    {
        var client = new SmtpClient { Timeout = 60_000 };
        await client.ConnectAsync(endPoint.Address.ToString(), endPoint.Port, SecureSocketOptions.None);
        if (user is not null)
        {
            await client.AuthenticateAsync(user, password ?? user + "pw");
        }

        return client;
    }

    /// <summary>Everything the traffic log holds so far.</summary>
    public string TrafficLog() => string.Concat(System.IO.Directory.GetFiles(Path.Combine(Directory, "logs"), "traffic-*.log").Select(path =>
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
