using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core.Upstream;

/// <summary>
/// Checks credentials against the upstream IMAP server and remembers successful checks for a short time,
/// so that Outlook's bursts of parallel connections cost one upstream login instead of many.
/// </summary>
/// <remarks>
/// <para>
/// A successful check is remembered only as a keyed hash of user and password, in memory, for
/// <see cref="DefaultCacheLifetime"/> (or the lifetime given) from the upstream check; a cache hit does not
/// extend it. A different password, a rejected one, or an upstream failure is never answered from the cache.
/// Concurrent checks of the same user and password share one upstream login.
/// </para>
/// <para>
/// Every accepted password is also handed to the <see cref="ICredentialStore"/>, the one place meant to
/// hold cleartext passwords (for the SMTP spool); this class keeps none.
/// </para>
/// </remarks>
public sealed partial class UpstreamCredentialVerifier : ICredentialVerifier
{
    /// <summary>How long a successful check is trusted when no lifetime is given.</summary>
    public static readonly TimeSpan DefaultCacheLifetime = TimeSpan.FromMinutes(5);

    private readonly IUpstreamLogin _login;
    private readonly ICredentialStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly ILogger _logger;

    // HMAC-SHA256 under a random key made per process, not PBKDF2: the hash and its key live side by side
    // in this process's memory only, so key stretching would not slow an attacker who can read that memory
    // (they could read passwords in flight as well), while it would cost CPU on every login of every
    // session. The key makes the cached value useless outside this process and stops precomputed tables.
    private readonly byte[] _hashKey = RandomNumberGenerator.GetBytes(32);

    // _accepted guards nothing beyond itself: user -> hash of the last password accepted upstream, with expiry.
    private readonly ConcurrentDictionary<string, CacheEntry> _accepted = new(StringComparer.Ordinal);

    // _inFlight holds the running upstream check per user and password hash, so that concurrent callers share it.
    private readonly ConcurrentDictionary<string, Lazy<Task<CredentialCheck>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates a verifier that logs in at <see cref="UpstreamOptions.Imap"/> through <paramref name="probe"/>.</summary>
    /// <param name="options">The upstream options; the IMAP endpoint and its TLS settings are used.</param>
    /// <param name="probe">Makes the actual login.</param>
    /// <param name="store">Receives each accepted password.</param>
    /// <param name="timeProvider">The clock for cache expiry.</param>
    /// <param name="logger">Logs rejected logins and upstream failures.</param>
    /// <param name="cacheLifetime">How long a successful check is trusted; default <see cref="DefaultCacheLifetime"/>.</param>
    public UpstreamCredentialVerifier(
        UpstreamOptions options,
        UpstreamProbe probe,
        ICredentialStore store,
        TimeProvider timeProvider,
        ILogger<UpstreamCredentialVerifier>? logger = null,
        TimeSpan? cacheLifetime = null)
        : this(CreateLogin(options, probe), store, timeProvider, logger, cacheLifetime)
    {
    }

    internal UpstreamCredentialVerifier(IUpstreamLogin login, ICredentialStore store, TimeProvider timeProvider, ILogger? logger = null, TimeSpan? cacheLifetime = null)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _login = login;
        _store = store;
        _time = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _lifetime = cacheLifetime ?? DefaultCacheLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThan(_lifetime, TimeSpan.Zero, nameof(cacheLifetime));
    }

    /// <inheritdoc/>
    public async Task<CredentialCheck> VerifyAsync(string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        if (user.Length == 0 || password.Length == 0)
        {
            return CredentialCheck.Rejected("empty user name or password");
        }

        var hash = Hash(user, password);
        if (_accepted.TryGetValue(user, out var cached)
            && cached.ExpiresAt > _time.GetUtcNow()
            && CryptographicOperations.FixedTimeEquals(cached.Hash, hash))
        {
            _store.Remember(user, password);
            return CredentialCheck.Accepted;
        }

        var key = $"{user}\n{Convert.ToHexString(hash)}";
        var check = _inFlight.GetOrAdd(key, _ => new Lazy<Task<CredentialCheck>>(() => CheckUpstreamAsync(key, user, password, hash)));
        return await check.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets the cached check of <paramref name="user"/>, so that the next login goes upstream.</summary>
    public void Invalidate(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _accepted.TryRemove(user, out _);
    }

    private static ImapUpstreamLogin CreateLogin(UpstreamOptions options, UpstreamProbe probe)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(probe);
        return new ImapUpstreamLogin(probe, options.Imap);
    }

    private async Task<CredentialCheck> CheckUpstreamAsync(string key, string user, string password, byte[] hash)
    {
        try
        {
            // Not the first caller's token: other callers share this check. The login has its own timeouts.
            await Task.Yield();
            var result = await _login.LoginAsync(user, password, CancellationToken.None);
            var now = _time.GetUtcNow();
            switch (result.Outcome)
            {
                case CredentialCheckOutcome.Accepted:
                    RemoveExpired(now);
                    _accepted[user] = new CacheEntry(hash, now + _lifetime);
                    _store.Remember(user, password);
                    Log.Accepted(_logger, user);
                    break;
                case CredentialCheckOutcome.Rejected:
                    Log.Rejected(_logger, user, result.Reason ?? "");
                    break;
                default:
                    Log.Unavailable(_logger, user, result.Reason ?? "");
                    break;
            }

            return result;
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var (user, entry) in _accepted)
        {
            if (entry.ExpiresAt <= now)
            {
                _accepted.TryRemove(new KeyValuePair<string, CacheEntry>(user, entry));
            }
        }
    }

    private byte[] Hash(string user, string password)
    {
        var input = Encoding.UTF8.GetBytes($"{user}\0{password}");
        try
        {
            return HMACSHA256.HashData(_hashKey, input);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    private sealed record CacheEntry(byte[] Hash, DateTimeOffset ExpiresAt);

    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Debug, "upstream accepted the login of {User}")]
        public static partial void Accepted(ILogger logger, string user);

        [LoggerMessage(1102, LogLevel.Information, "upstream rejected the login of {User}: {Reason}")]
        public static partial void Rejected(ILogger logger, string user, string reason);

        [LoggerMessage(1103, LogLevel.Warning, "cannot check the login of {User} upstream: {Reason}")]
        public static partial void Unavailable(ILogger logger, string user, string reason);
    }
}
