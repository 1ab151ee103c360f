namespace Gateway.IntegrationTests.Fixtures;

/// <summary>
/// The "modern" upstream: Dovecot (IMAP with STARTTLS, IMAPS, POP3), Postfix (SMTP AUTH,
/// delivering into Dovecot's mailboxes) and vsftpd (the free/busy store).
/// </summary>
public sealed class MailStackFixture : IAsyncLifetime
{
    internal UpstreamServer Dovecot { get; private set; } = null!;

    internal UpstreamServer Postfix { get; private set; } = null!;

    internal UpstreamServer Vsftpd { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var dovecot = UpstreamServer.StartAsync("dovecot", ["IMAP_PORT", "IMAPS_PORT", "POP3_PORT"]);
        var vsftpd = UpstreamServer.StartVsftpdAsync();
        Dovecot = await dovecot;
        Postfix = await UpstreamServer.StartAsync(
            "postfix", ["SMTP_PORT"], new Dictionary<string, string> { ["DOVECOT_STATE"] = Dovecot.StateDirectory });
        Vsftpd = await vsftpd;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { Postfix, Vsftpd, Dovecot })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
