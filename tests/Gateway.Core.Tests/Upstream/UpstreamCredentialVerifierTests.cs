using Gateway.Core.Upstream;

namespace Gateway.Core.Tests.Upstream;

public sealed class UpstreamCredentialVerifierTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogin _login = new();
    private readonly InMemoryCredentialStore _store;
    private readonly UpstreamCredentialVerifier _verifier;

    public UpstreamCredentialVerifierTests()
    {
        _store = new InMemoryCredentialStore(_time);
        _verifier = new UpstreamCredentialVerifier(_login, _store, _time);
    }

    [Fact]
    public async Task Accepted_login_is_then_served_from_the_cache()
    {
        Assert.True((await _verifier.VerifyAsync("anna", "secret", default)).IsAccepted);
        Assert.True((await _verifier.VerifyAsync("anna", "secret", default)).IsAccepted);

        Assert.Equal(1, _login.Calls);
    }

    [Fact]
    public async Task Cached_login_expires_after_the_lifetime()
    {
        await _verifier.VerifyAsync("anna", "secret", default);
        _time.Advance(UpstreamCredentialVerifier.DefaultCacheLifetime - TimeSpan.FromSeconds(1));
        await _verifier.VerifyAsync("anna", "secret", default);
        Assert.Equal(1, _login.Calls);

        _time.Advance(TimeSpan.FromSeconds(1));
        await _verifier.VerifyAsync("anna", "secret", default);
        Assert.Equal(2, _login.Calls);
    }

    [Fact]
    public async Task Lifetime_is_configurable()
    {
        var verifier = new UpstreamCredentialVerifier(_login, _store, _time, cacheLifetime: TimeSpan.FromSeconds(30));
        await verifier.VerifyAsync("anna", "secret", default);
        _time.Advance(TimeSpan.FromSeconds(30));
        await verifier.VerifyAsync("anna", "secret", default);

        Assert.Equal(2, _login.Calls);
    }

    [Fact]
    public async Task Wrong_password_is_not_served_from_the_cache()
    {
        await _verifier.VerifyAsync("anna", "secret", default);
        var wrong = await _verifier.VerifyAsync("anna", "guess", default);

        Assert.Equal(CredentialCheckOutcome.Rejected, wrong.Outcome);
        Assert.Equal(2, _login.Calls);
    }

    [Fact]
    public async Task Cache_is_per_user()
    {
        await _verifier.VerifyAsync("anna", "secret", default);
        await _verifier.VerifyAsync("bert", "secret", default);

        Assert.Equal(2, _login.Calls);
    }

    [Fact]
    public async Task Changed_password_is_checked_upstream_and_replaces_the_cached_one()
    {
        _login.Accept = (_, password) => password is "old" or "new";
        await _verifier.VerifyAsync("anna", "old", default);
        await _verifier.VerifyAsync("anna", "new", default);
        Assert.Equal(2, _login.Calls);

        _login.Accept = (_, password) => password == "new";
        Assert.Equal(CredentialCheckOutcome.Rejected, (await _verifier.VerifyAsync("anna", "old", default)).Outcome);
        Assert.True((await _verifier.VerifyAsync("anna", "new", default)).IsAccepted);
        Assert.Equal(3, _login.Calls);
    }

    [Fact]
    public async Task Rejected_and_unavailable_checks_are_not_cached()
    {
        await _verifier.VerifyAsync("anna", "guess", default);
        await _verifier.VerifyAsync("anna", "guess", default);
        Assert.Equal(2, _login.Calls);

        _login.Unavailable = true;
        var first = await _verifier.VerifyAsync("anna", "secret", default);
        Assert.Equal(CredentialCheckOutcome.Unavailable, first.Outcome);
        Assert.Equal("connection refused", first.Reason);

        _login.Unavailable = false;
        Assert.True((await _verifier.VerifyAsync("anna", "secret", default)).IsAccepted);
        Assert.Equal(4, _login.Calls);
    }

    [Fact]
    public async Task Empty_user_or_password_is_rejected_without_asking_upstream()
    {
        Assert.Equal(CredentialCheckOutcome.Rejected, (await _verifier.VerifyAsync("", "secret", default)).Outcome);
        Assert.Equal(CredentialCheckOutcome.Rejected, (await _verifier.VerifyAsync("anna", "", default)).Outcome);
        Assert.Equal(0, _login.Calls);
    }

    [Fact]
    public async Task Concurrent_checks_of_the_same_credentials_share_one_upstream_login()
    {
        _login.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checks = Enumerable.Range(0, 8).Select(_ => _verifier.VerifyAsync("anna", "secret", default)).ToArray();
        await _login.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        _login.Gate.SetResult();
        var results = await Task.WhenAll(checks).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(results, r => Assert.True(r.IsAccepted));
        Assert.Equal(1, _login.Calls);
    }

    [Fact]
    public async Task Concurrent_checks_with_different_passwords_are_not_coalesced()
    {
        _login.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var right = _verifier.VerifyAsync("anna", "secret", default);
        var wrong = _verifier.VerifyAsync("anna", "guess", default);
        await _login.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        _login.Gate.SetResult();

        Assert.True((await right.WaitAsync(TimeSpan.FromSeconds(10))).IsAccepted);
        Assert.Equal(CredentialCheckOutcome.Rejected, (await wrong.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
        Assert.Equal(2, _login.Calls);
    }

    [Fact]
    public async Task A_canceled_caller_does_not_cancel_the_shared_check()
    {
        _login.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var impatient = _verifier.VerifyAsync("anna", "secret", cancel.Token);
        var patient = _verifier.VerifyAsync("anna", "secret", default);
        await _login.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        _login.Gate.SetResult();

        Assert.True((await patient.WaitAsync(TimeSpan.FromSeconds(10))).IsAccepted);
        Assert.Equal(1, _login.Calls);
    }

    [Fact]
    public async Task Accepted_password_is_handed_to_the_credential_store()
    {
        var remembered = new List<string>();
        _store.CredentialsRemembered += (_, user) => remembered.Add(user);

        await _verifier.VerifyAsync("anna", "secret", default);
        await _verifier.VerifyAsync("bert", "guess", default);

        Assert.True(_store.TryGet("anna", out var password));
        Assert.Equal("secret", password);
        Assert.False(_store.TryGet("bert", out _));
        Assert.Equal(["anna"], remembered);
    }

    [Fact]
    public async Task Invalidate_sends_the_next_check_upstream()
    {
        await _verifier.VerifyAsync("anna", "secret", default);
        _verifier.Invalidate("anna");
        await _verifier.VerifyAsync("anna", "secret", default);

        Assert.Equal(2, _login.Calls);
    }

    /// <summary>Accepts the password "secret" unless told otherwise; can hold every login at a gate.</summary>
    private sealed class FakeLogin : IUpstreamLogin
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Func<string, string, bool> Accept { get; set; } = (_, password) => password == "secret";

        public bool Unavailable { get; set; }

        public TaskCompletionSource? Gate { get; set; }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<CredentialCheck> LoginAsync(string user, string password, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Started.TrySetResult();
            if (Gate is { } gate)
            {
                await gate.Task;
            }

            if (Unavailable)
            {
                return CredentialCheck.Unavailable("connection refused");
            }

            return Accept(user, password) ? CredentialCheck.Accepted : CredentialCheck.Rejected("NO [AUTHENTICATIONFAILED]");
        }
    }
}
