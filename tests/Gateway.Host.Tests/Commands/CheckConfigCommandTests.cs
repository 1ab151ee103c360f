using Gateway.Host.Commands;
using Gateway.Host.Configuration;

namespace Gateway.Host.Tests.Commands;

[Collection("Process environment")]
public sealed class CheckConfigCommandTests
{
    [Fact]
    public void Execute_ValidConfig_PrintsEffectiveSettingsWithSecretsRedacted()
    {
        using var file = new TempConfig("""
            {
              "Upstream": { "Imap": { "Host": "imap.example.com" } },
              "Listen": { "Imap": "127.0.0.1:1143" },
              "Tls": { "CertificatePassword": "pfx-Secret-42" },
              "Cache": { "Path": "c" }, "Spool": { "Path": "s" }, "Logs": { "Path": "l" }
            }
            """);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = CheckConfigCommand.Execute(GatewayConfiguration.Load(file.Path, new Dictionary<string, string?>()), output, error);

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("Upstream:Imap:Host = imap.example.com", text, StringComparison.Ordinal);
        Assert.Contains("Upstream:Imap:Security = StartTls", text, StringComparison.Ordinal);
        Assert.Contains("Listen:Imap = 127.0.0.1:1143", text, StringComparison.Ordinal);
        Assert.Contains("Listen:Smtp = (not set)", text, StringComparison.Ordinal);
        Assert.Contains("Tls:CertificatePassword = ***", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pfx-Secret-42", text, StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void Execute_InvalidConfig_ExitsNonZeroAndNamesEveryBadKey()
    {
        using var file = new TempConfig("""
            { "Upstream": { "Imap": { "Host": "h", "Security": "Maybe" }, "Profile": "Lotus" }, "Listen": { "Imap": "127.0.0.1:1143" },
              "Tls": { "CertificatePassword": "pfx-Secret-42" } }
            """);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = CheckConfigCommand.Execute(GatewayConfiguration.Load(file.Path, new Dictionary<string, string?>()), output, error);

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        var text = error.ToString();
        Assert.Contains("Upstream:Imap:Security: 'Maybe' is not allowed; expected one of None, StartTls, Tls", text, StringComparison.Ordinal);
        Assert.Contains("Upstream:Profile: 'Lotus' is not allowed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pfx-Secret-42", text + output, StringComparison.Ordinal);
    }
}
