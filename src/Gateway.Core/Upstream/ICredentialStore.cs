namespace Gateway.Core.Upstream;

/// <summary>
/// Holds the last password the upstream server accepted for each user, in process memory only and for a
/// bounded time, so that work done later on the user's behalf (the SMTP spool's retries) can log in upstream.
/// </summary>
/// <remarks>
/// This is the one place where cleartext passwords live on. Implementations must never write them to disk,
/// logs or diagnostics, and must drop each entry when its time is up.
/// </remarks>
public interface ICredentialStore
{
    /// <summary>Raised with the user name each time a password accepted upstream is remembered for that user.</summary>
    event EventHandler<string>? CredentialsRemembered;

    /// <summary>Remembers <paramref name="password"/> as the current password of <paramref name="user"/>.</summary>
    void Remember(string user, string password);

    /// <summary>Gets the remembered password of <paramref name="user"/> if it has not expired.</summary>
    bool TryGet(string user, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? password);

    /// <summary>Drops the remembered password of <paramref name="user"/>.</summary>
    void Forget(string user);
}
