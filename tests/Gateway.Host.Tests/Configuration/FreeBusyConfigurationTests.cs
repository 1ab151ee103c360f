using Gateway.Host.Configuration;

namespace Gateway.Host.Tests.Configuration;

[Collection("Process environment")]
public sealed class FreeBusyConfigurationTests
{
    private static readonly Dictionary<string, string?> NoOverrides = [];

    private static string Config(string freeBusy) => $$"""
        {
          "Upstream": { "Imap": { "Host": "imap.example.com" }, "FreeBusy": { "Url": "ftps://files.example.com/pub/calendar/" } },
          "Listen": { "Ftp": "127.0.0.1:2121" },
          "FreeBusy": {{freeBusy}}
        }
        """;

    [Fact]
    public void Load_FreeBusySection_ReadsValuesAndDefaults()
    {
        using var file = new TempConfig(Config("""
            { "Path": "fb", "MaxUploadKB": 64, "Aliases": { "alice": "asmith, alice.smith" }, "PassivePortMin": 50000, "PassivePortMax": 50010,
              "ServiceUser": "fbpublisher", "ServicePassword": "s3cret", "RetrySeconds": 5 }
            """));

        var config = GatewayConfiguration.Load(file.Path, NoOverrides);

        Assert.Empty(config.Errors);
        var freeBusy = config.Options.FreeBusy;
        Assert.Equal(Path.Combine(file.Directory, "fb"), freeBusy.Path);
        Assert.Equal(64, freeBusy.MaxUploadKB);
        Assert.Equal(["asmith", "alice.smith"], freeBusy.Aliases.For("ALICE"));
        Assert.Equal((50000, 50010), (freeBusy.PassivePortMin, freeBusy.PassivePortMax));
        Assert.Equal("fbpublisher", freeBusy.ServiceUser);
        Assert.Equal(5, freeBusy.RetrySeconds);
        Assert.Equal(300, freeBusy.IdleTimeoutSeconds);
        Assert.Equal("FreeBusy", freeBusy.ImapFolder);
        Assert.Contains("FreeBusy:ServicePassword = ***", SettingsPrinter.Lines(config.Options));
        Assert.Contains("FreeBusy:Aliases = alice=asmith,alice.smith", SettingsPrinter.Lines(config.Options));
    }

    [Fact]
    public void Load_BadFreeBusyValues_AreAllReportedByKey()
    {
        using var file = new TempConfig(Config("""
            { "MaxUploadKB": 0, "Aliases": { "alice": "../x" }, "PassivePortMin": 50010, "PassivePortMax": 50000, "ServiceUser": "fb", "IdleTimeoutSeconds": "x" }
            """));

        var config = GatewayConfiguration.Load(file.Path, NoOverrides);

        Assert.Equal(
            ["FreeBusy:Aliases:alice", "FreeBusy:IdleTimeoutSeconds", "FreeBusy:MaxUploadKB", "FreeBusy:PassivePortMin", "FreeBusy:ServiceUser"],
            config.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}
