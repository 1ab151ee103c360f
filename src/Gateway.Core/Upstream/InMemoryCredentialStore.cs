using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Gateway.Core.Upstream;

/// <summary>An <see cref="ICredentialStore"/> in a dictionary in process memory; entries expire after a fixed lifetime.</summary>
/// <remarks>Expired entries are removed when looked up and on every <see cref="Remember"/>.</remarks>
public sealed class InMemoryCredentialStore : ICredentialStore
{
    /// <summary>How long a password is kept when no lifetime is given: long enough for a day of spool retries.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(24);

    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Creates an empty store whose entries live for <paramref name="lifetime"/> (default <see cref="DefaultLifetime"/>).</summary>
    public InMemoryCredentialStore(TimeProvider timeProvider, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        _lifetime = lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_lifetime, TimeSpan.Zero, nameof(lifetime));
    }

    /// <inheritdoc/>
    /// <remarks>Handlers run synchronously on the thread that calls <see cref="Remember"/>, after the password is stored.</remarks>
    public event EventHandler<string>? CredentialsRemembered;

    /// <inheritdoc/>
    public void Remember(string user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        var now = _time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }

        _entries[user] = new Entry(password, now + _lifetime);
        CredentialsRemembered?.Invoke(this, user);
    }

    /// <inheritdoc/>
    public bool TryGet(string user, [NotNullWhen(true)] out string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (_entries.TryGetValue(user, out var entry))
        {
            if (entry.ExpiresAt > _time.GetUtcNow())
            {
                password = entry.Password;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<string, Entry>(user, entry));
        }

        password = null;
        return false;
    }

    /// <inheritdoc/>
    public void Forget(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _entries.TryRemove(user, out _);
    }

    private sealed record Entry(string Password, DateTimeOffset ExpiresAt)
    {
        // Keep the password out of record printing, should an entry ever reach a log or debugger display.
        public override string ToString() => $"Entry {{ ExpiresAt = {ExpiresAt:O} }}";
    }
}
