using Gateway.Core.Upstream;

namespace Gateway.Core.Tests.Upstream;

public sealed class InMemoryCredentialStoreTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Remembered_password_is_returned_until_it_expires()
    {
        var store = new InMemoryCredentialStore(_time, TimeSpan.FromHours(1));
        store.Remember("anna", "secret");

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.True(store.TryGet("anna", out var password));
        Assert.Equal("secret", password);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(store.TryGet("anna", out _));
    }

    [Fact]
    public void Later_password_replaces_the_earlier_one()
    {
        var store = new InMemoryCredentialStore(_time);
        store.Remember("anna", "old");
        store.Remember("anna", "new");

        Assert.True(store.TryGet("anna", out var password));
        Assert.Equal("new", password);
    }

    [Fact]
    public void Forget_drops_the_password()
    {
        var store = new InMemoryCredentialStore(_time);
        store.Remember("anna", "secret");
        store.Forget("anna");

        Assert.False(store.TryGet("anna", out _));
    }

    [Fact]
    public void Remember_raises_the_event_with_the_user_name()
    {
        var store = new InMemoryCredentialStore(_time);
        string? seen = null;
        store.CredentialsRemembered += (_, user) => seen = user;

        store.Remember("anna", "secret");

        Assert.Equal("anna", seen);
    }
}
