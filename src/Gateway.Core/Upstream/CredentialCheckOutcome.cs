namespace Gateway.Core.Upstream;

/// <summary>How a credential check ended.</summary>
public enum CredentialCheckOutcome
{
    /// <summary>The upstream server accepted the user name and password.</summary>
    Accepted,

    /// <summary>The upstream server refused them.</summary>
    Rejected,

    /// <summary>The upstream server could not be asked (unreachable, TLS failure, timeout).</summary>
    Unavailable,
}
