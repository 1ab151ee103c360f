namespace Gateway.IntegrationTests.Fixtures;

/// <summary>One upstream IMAP server with STARTTLS and IMAPS ports, started once per test collection.</summary>
public abstract class SingleServerFixture(string name) : IAsyncLifetime
{
    internal UpstreamServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await UpstreamServer.StartAsync(name, ["IMAP_PORT", "IMAPS_PORT"]);

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
