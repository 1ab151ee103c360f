using Gateway.Host.Configuration;

namespace Gateway.Host.Tests.Configuration;

public sealed class CommandLineSplitterTests
{
    [Fact]
    public void Split_SeparatesConfigurationOverridesFromCommandArguments()
    {
        var (args, overrides) = CommandLineSplitter.Split(
            ["ping", "--Upstream:Imap:Host=mail.example.com", "--user", "alice", "--Logs:Traffic", "true", "--config", "x.json"]);

        Assert.Equal(["ping", "--user", "alice", "--config", "x.json"], args);
        Assert.Equal("mail.example.com", overrides["Upstream:Imap:Host"]);
        Assert.Equal("true", overrides["Logs:Traffic"]);
    }

    [Fact]
    public void Split_ValueWithEqualsSign_KeepsEverythingAfterTheFirst()
    {
        var (_, overrides) = CommandLineSplitter.Split(["--Tls:CertificatePassword=a=b"]);

        Assert.Equal("a=b", overrides["Tls:CertificatePassword"]);
    }
}
