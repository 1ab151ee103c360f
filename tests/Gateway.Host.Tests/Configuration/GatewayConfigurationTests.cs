using System.Net;
using Gateway.Core.Configuration;
using Gateway.Host.Configuration;

namespace Gateway.Host.Tests.Configuration;

[Collection("Process environment")]
public sealed class GatewayConfigurationTests
{
    private const string Minimal = """
        {
          // comments are allowed
          "Upstream": { "Imap": { "Host": "imap.example.com", "Security": "Tls" }, "Smtp": { "Host": "smtp.example.com" } },
          "Listen": { "Imap": "127.0.0.1:1143", "Smtp": "", "Ftp": "127.0.0.1:2121" },
          "Cache": { "Path": "c" }, "Spool": { "Path": "s" }, "Logs": { "Path": "l" },
        }
        """;

    private static readonly Dictionary<string, string?> NoOverrides = [];

    [Fact]
    public void Load_ValidFile_ReadsValuesAndDefaults()
    {
        using var file = new TempConfig(Minimal);

        var config = GatewayConfiguration.Load(file.Path, NoOverrides);

        Assert.Empty(config.Errors);
        var options = config.Options;
        Assert.Equal("imap.example.com", options.Upstream.Imap.Host);
        Assert.Equal(SecurityMode.Tls, options.Upstream.Imap.Security);
        Assert.Equal(993, options.Upstream.Imap.Port);
        Assert.Equal(SecurityMode.StartTls, options.Upstream.Smtp.Security);
        Assert.Equal(587, options.Upstream.Smtp.Port);
        Assert.False(options.Upstream.Imap.AcceptInvalidCertificate);
        Assert.Equal(ServerProfile.Auto, options.Upstream.Profile);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 1143), options.Listen.Imap);
        Assert.Null(options.Listen.Smtp);
        Assert.Null(options.Listen.Pop3);
        Assert.Equal(Path.Combine(file.Directory, "c"), options.Cache.Path);
        Assert.False(options.Logs.Traffic);
    }

    [Fact]
    public void Load_CommandLineOverride_WinsOverEnvironmentAndFile()
    {
        using var file = new TempConfig(Minimal);
        Environment.SetEnvironmentVariable("SCOGW__Upstream__Imap__Port", "1993");
        Environment.SetEnvironmentVariable("SCOGW__Upstream__Profile", "Cyrus");
        try
        {
            var config = GatewayConfiguration.Load(file.Path, new Dictionary<string, string?> { ["Upstream:Imap:Port"] = "2993" });

            Assert.Empty(config.Errors);
            Assert.Equal(2993, config.Options.Upstream.Imap.Port);
            Assert.Equal(ServerProfile.Cyrus, config.Options.Upstream.Profile);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SCOGW__Upstream__Imap__Port", null);
            Environment.SetEnvironmentVariable("SCOGW__Upstream__Profile", null);
        }
    }

    [Theory]
    [InlineData("Upstream:Imap:Security", "Starttls2", "None, StartTls, Tls")]
    [InlineData("Upstream:Imap:Port", "70000", "from 1 to 65535")]
    [InlineData("Upstream:Imap:Port", "abc", "whole number")]
    [InlineData("Upstream:Profile", "Exchange", "Auto, Dovecot, Cyrus, Courier, ScoOfficeV1")]
    [InlineData("Listen:Imap", "localhost", "address:port")]
    [InlineData("Listen:Pop3", "127.0.0.1:99999", "address:port")]
    [InlineData("Upstream:FreeBusy:Url", "gopher://x/", "schemes")]
    [InlineData("Upstream:FreeBusy:Url", "ftp://bob:secret@host/pub/", "must not contain a user name")]
    [InlineData("Logs:Traffic", "yes", "true or false")]
    [InlineData("Pop3:IgnoreDelete", "sometimes", "true or false")]
    [InlineData("Pop3:ClientTimeoutSeconds", "60", "from 600 to")]
    [InlineData("Pop3:Mailbox", "IN\tBOX", "control characters")]
    [InlineData("Imap:OtherUsersFolder", "Other/Users", "one level")]
    [InlineData("Imap:InboxSubfoldersContainer", "inbox", "not INBOX")]
    [InlineData("Imap:FolderAliases:Sent Items", "Outbox", "Sent, Drafts, Trash, Junk, Archive")]
    [InlineData("Acl:ClientDialect", "Rfc3501", "Rfc2086, Rfc4314, Auto")]
    [InlineData("Acl:LoginDomain", "bob@example.com", "domain name")]
    [InlineData("Logs:Level", "Loud", "Verbose, Debug, Information")]
    [InlineData("Cache:MaxSizeMB", "0", "from 1 to")]
    [InlineData("Cache:Prefetch", "INBOX, Entwürfe", "printable ASCII")]
    [InlineData("Cache:PrefetchMaxMessageKB", "0", "from 1 to")]
    [InlineData("Cache:PrefetchNewest", "all", "whole number")]
    [InlineData("Cache:PrefetchIntervalSeconds", "0", "from 1 to")]
    [InlineData("Tls:CertificatePath", "/nonexistent/cert.pfx", "does not exist")]
    [InlineData("Upstream:Imap:TrustedCaPath", "/nonexistent/ca.pem", "does not exist")]
    public void Load_BadValue_NamesTheKeyAndWhatIsAllowed(string key, string value, string allowed)
    {
        using var file = new TempConfig(Minimal);

        var config = GatewayConfiguration.Load(file.Path, new Dictionary<string, string?> { [key] = value });

        var error = Assert.Single(config.Errors);
        Assert.Equal(key, error.Key);
        Assert.Contains(allowed, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CachePrefetch_IsOffByDefault_AndReadsAListOfServerFolders()
    {
        using var file = new TempConfig(Minimal);

        var defaults = GatewayConfiguration.Load(file.Path, NoOverrides).Options.Cache;
        var configured = GatewayConfiguration.Load(
            file.Path, new Dictionary<string, string?> { ["Cache:Prefetch:0"] = "INBOX", ["Cache:Prefetch:1"] = "INBOX.Sent", ["Cache:PrefetchNewest"] = "50" });

        Assert.Empty(defaults.Prefetch);
        Assert.Equal((10240, 200, 300), (defaults.PrefetchMaxMessageKB, defaults.PrefetchNewest, defaults.PrefetchIntervalSeconds));
        Assert.Empty(configured.Errors);
        Assert.Equal(["INBOX", "INBOX.Sent"], configured.Options.Cache.Prefetch);
        Assert.Equal(50, configured.Options.Cache.PrefetchNewest);
    }

    [Fact]
    public void Load_ListenerWithoutUpstream_NamesTheMissingHost()
    {
        using var file = new TempConfig("""{ "Listen": { "Imap": "127.0.0.1:1143", "Smtp": "127.0.0.1:1025" } }""");

        var config = GatewayConfiguration.Load(file.Path, NoOverrides);

        Assert.Equal(["Upstream:Imap:Host", "Upstream:Smtp:Host"], config.Errors.Select(e => e.Key).Order());
    }

    [Fact]
    public void Load_ImplicitTlsListenerWithoutCertificate_IsAnError()
    {
        using var file = new TempConfig(Minimal);

        var config = GatewayConfiguration.Load(file.Path, new Dictionary<string, string?> { ["Listen:ImapTls"] = "127.0.0.1:1993" });

        Assert.Equal("Listen:ImapTls", Assert.Single(config.Errors).Key);
    }

    [Fact]
    public void Load_TwoListenersOnOneEndpoint_IsAnError()
    {
        using var file = new TempConfig(Minimal);

        var config = GatewayConfiguration.Load(file.Path, new Dictionary<string, string?> { ["Listen:Pop3"] = "127.0.0.1:1143" });

        var error = Assert.Single(config.Errors);
        Assert.Equal("Listen:Pop3", error.Key);
        Assert.Contains("Listen:Imap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_IsReportedNotThrown()
    {
        var config = GatewayConfiguration.Load("/nonexistent/scogw.json", NoOverrides);

        Assert.Contains(config.Errors, e => e.Key == "--config" && e.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MalformedJson_IsReportedNotThrown()
    {
        using var file = new TempConfig("""{ "Upstream": { "Imap": """);

        var config = GatewayConfiguration.Load(file.Path, NoOverrides);

        Assert.Contains(config.Errors, e => e.Key == "--config" && e.Message.Contains("cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedConfig_IsValid_AndEnablesTheStandardLoopbackListeners()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "config", "scogw.json");

        var config = GatewayConfiguration.Load(shipped, NoOverrides);

        Assert.Empty(config.Errors);
        var listen = config.Options.Listen;
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 143), listen.Imap);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 25), listen.Smtp);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 21), listen.Ftp);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 110), listen.Pop3);
        Assert.All(listen.Enabled(), l => Assert.True(IPAddress.IsLoopback(l.EndPoint.Address), $"{l.Key} must bind to loopback by default"));
    }

    [Fact]
    public void CheckWritablePaths_UnwritableFolder_NamesTheKey()
    {
        using var file = new TempConfig(Minimal);
        var blocker = Path.Combine(file.Directory, "blocker");
        File.WriteAllText(blocker, "a file where a folder should be");

        var config = GatewayConfiguration.Load(file.Path, new Dictionary<string, string?> { ["Spool:Path"] = Path.Combine(blocker, "spool") });
        var errors = GatewayOptionsReader.CheckWritablePaths(config.Options);

        Assert.Equal("Spool:Path", Assert.Single(errors).Key);
    }
}
