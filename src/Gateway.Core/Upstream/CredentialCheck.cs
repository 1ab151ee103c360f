namespace Gateway.Core.Upstream;

/// <summary>The result of checking a user name and password against the upstream server.</summary>
/// <param name="Outcome">Accepted, rejected, or upstream unavailable.</param>
/// <param name="Reason">Why it was rejected or unavailable, for logs; <see langword="null"/> when accepted.</param>
public sealed record CredentialCheck(CredentialCheckOutcome Outcome, string? Reason)
{
    /// <summary>The credentials were accepted.</summary>
    public static CredentialCheck Accepted { get; } = new(CredentialCheckOutcome.Accepted, null);

    /// <summary>Whether the credentials were accepted.</summary>
    public bool IsAccepted => Outcome == CredentialCheckOutcome.Accepted;

    /// <summary>The upstream server refused the credentials.</summary>
    public static CredentialCheck Rejected(string? reason) => new(CredentialCheckOutcome.Rejected, reason);

    /// <summary>The upstream server could not be asked.</summary>
    public static CredentialCheck Unavailable(string reason) => new(CredentialCheckOutcome.Unavailable, reason);
}
