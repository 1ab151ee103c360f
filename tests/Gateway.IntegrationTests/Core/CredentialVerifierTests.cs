using Gateway.Core.Configuration;
using Gateway.Core.Upstream;
using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.Core;

/// <summary>The credential verifier that SMTP and FTP use, against real Dovecot.</summary>
[Collection(Collections.MailStack)]
public sealed class CredentialVerifierTests(MailStackFixture servers)
{
    private static UpstreamOptions Options(int port) => new()
    {
        Imap = new UpstreamEndpointOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Security = SecurityMode.StartTls,
            TrustedCaPath = TestTls.CaPath,
        },
    };

    private static UpstreamCredentialVerifier Verifier(UpstreamOptions options, ICredentialStore store) =>
        new(options, new UpstreamProbe(options), store, TimeProvider.System);

    [Fact]
    public async Task RightPassword_IsAccepted_AndHandedToTheInMemoryStore()
    {
        var store = new InMemoryCredentialStore(TimeProvider.System);
        var verifier = Verifier(Options(servers.Dovecot.Port("IMAP_PORT")), store);

        var check = await verifier.VerifyAsync("carol", "carolpw", CancellationToken.None);

        Assert.Equal(CredentialCheckOutcome.Accepted, check.Outcome);
        Assert.True(store.TryGet("carol", out var remembered));
        Assert.Equal("carolpw", remembered);
    }

    [Fact]
    public async Task WrongPassword_IsRejected_EvenAfterTheRightOneWasCached()
    {
        var store = new InMemoryCredentialStore(TimeProvider.System);
        var verifier = Verifier(Options(servers.Dovecot.Port("IMAP_PORT")), store);

        Assert.True((await verifier.VerifyAsync("bob", "bobpw", CancellationToken.None)).IsAccepted);
        var check = await verifier.VerifyAsync("bob", "bobpw-old", CancellationToken.None);

        Assert.Equal(CredentialCheckOutcome.Rejected, check.Outcome);
        Assert.Equal("bobpw", store.TryGet("bob", out var remembered) ? remembered : null);
    }

    [Fact]
    public async Task UpstreamDown_IsUnavailable_NotRejected()
    {
        var store = new InMemoryCredentialStore(TimeProvider.System);
        var verifier = Verifier(Options(FreePorts.Next()), store);

        var check = await verifier.VerifyAsync("alice", "alicepw", CancellationToken.None);

        Assert.Equal(CredentialCheckOutcome.Unavailable, check.Outcome);
        Assert.Contains("connection refused", check.Reason, StringComparison.Ordinal);
        Assert.False(store.TryGet("alice", out _));
    }
}
