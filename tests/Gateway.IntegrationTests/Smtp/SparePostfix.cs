using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Smtp;

/// <summary>
/// A second Postfix delivering into the shared fixture Dovecot, for tests that stop and start it;
/// the fixture's own Postfix stays up for everybody else. Started on first use, stopped with the test class.
/// </summary>
public sealed class SparePostfix : IAsyncLifetime
{
    private readonly SemaphoreSlim _start = new(1, 1);
    private UpstreamServer? _server;

    internal async Task<UpstreamServer> GetAsync(MailStackFixture servers)
    {
        await _start.WaitAsync();
        try
        {
            return _server ??= await UpstreamServer.StartAsync(
                "postfix", ["SMTP_PORT"], new Dictionary<string, string> { ["DOVECOT_STATE"] = servers.Dovecot.StateDirectory });
        }
        finally
        {
            _start.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _start.Dispose();
    }
}
