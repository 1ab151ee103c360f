namespace Gateway.IntegrationTests.Fixtures;

/// <summary>Dovecot (IMAP, IMAPS, POP3) with Postfix (SMTP AUTH) delivering into its mailboxes.</summary>
public sealed class DovecotPostfixFixture : IAsyncLifetime
{
    internal UpstreamServer Dovecot { get; private set; } = null!;

    internal UpstreamServer Postfix { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dovecot = await UpstreamServer.StartAsync("dovecot", ["IMAP_PORT", "IMAPS_PORT", "POP3_PORT"]);
        Postfix = await UpstreamServer.StartAsync("postfix", ["SMTP_PORT"], new Dictionary<string, string> { ["DOVECOT_STATE"] = Dovecot.StateDirectory });
    }

    public async Task DisposeAsync()
    {
        if (Postfix is not null)
        {
            await Postfix.DisposeAsync();
        }

        if (Dovecot is not null)
        {
            await Dovecot.DisposeAsync();
        }
    }
}

/// <summary>Cyrus IMAP: standard namespace, <c>INBOX.</c> and <c>.</c>.</summary>
public sealed class CyrusFixture : IAsyncLifetime
{
    internal UpstreamServer Cyrus { get; private set; } = null!;

    public async Task InitializeAsync() => Cyrus = await UpstreamServer.StartAsync("cyrus", ["IMAP_PORT", "IMAPS_PORT"]);

    public async Task DisposeAsync()
    {
        if (Cyrus is not null)
        {
            await Cyrus.DisposeAsync();
        }
    }
}

/// <summary>Courier-IMAP: <c>INBOX.</c> prefix, <c>#shared.</c> other users.</summary>
public sealed class CourierFixture : IAsyncLifetime
{
    internal UpstreamServer Courier { get; private set; } = null!;

    public async Task InitializeAsync() => Courier = await UpstreamServer.StartAsync("courier", ["IMAP_PORT", "IMAPS_PORT"]);

    public async Task DisposeAsync()
    {
        if (Courier is not null)
        {
            await Courier.DisposeAsync();
        }
    }
}

/// <summary>vsftpd as the upstream free/busy store.</summary>
public sealed class VsftpdFixture : IAsyncLifetime
{
    internal UpstreamServer Vsftpd { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var first = FreePorts.NextRange(10);
        Vsftpd = await UpstreamServer.StartAsync("vsftpd", ["FTP_PORT"], new Dictionary<string, string>
        {
            ["PASV_MIN_PORT"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PASV_MAX_PORT"] = (first + 9).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        if (Vsftpd is not null)
        {
            await Vsftpd.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DovecotCollection : ICollectionFixture<DovecotPostfixFixture>
{
    public const string Name = "Dovecot + Postfix";
}

[CollectionDefinition(Name)]
public sealed class CyrusCollection : ICollectionFixture<CyrusFixture>
{
    public const string Name = "Cyrus";
}

[CollectionDefinition(Name)]
public sealed class CourierCollection : ICollectionFixture<CourierFixture>
{
    public const string Name = "Courier";
}

[CollectionDefinition(Name)]
public sealed class VsftpdCollection : ICollectionFixture<VsftpdFixture>
{
    public const string Name = "vsftpd";
}
