namespace Gateway.Imap.Session;

/// <summary>How a login upstream ended.</summary>
internal enum UpstreamLoginOutcome
{
    LoggedIn,

    /// <summary>The server rejected the credentials: <c>NO [AUTHENTICATIONFAILED]</c> to the client.</summary>
    AuthenticationFailed,

    /// <summary>The server could not be used (unreachable, TLS, STARTTLS missing): <c>NO [UNAVAILABLE]</c>.</summary>
    Unavailable,
}

/// <summary>The result of <see cref="ImapUpstreamConnector.ConnectAsync"/>: a logged-in connection or a readable reason.</summary>
internal sealed record UpstreamLoginResult(UpstreamLoginOutcome Outcome, string Reason, ImapUpstreamConnection? Connection);
