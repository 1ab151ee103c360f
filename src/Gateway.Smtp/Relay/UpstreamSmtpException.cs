namespace Gateway.Smtp.Relay;

/// <summary>The upstream SMTP server could not be used now (unreachable, TLS, login); the message should wait.</summary>
internal sealed class UpstreamSmtpException : Exception
{
    public UpstreamSmtpException()
    {
    }

    public UpstreamSmtpException(string message)
        : base(message)
    {
    }

    public UpstreamSmtpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The server refused the user's login (as opposed to being unreachable).</summary>
    public bool LoginRefused { get; init; }
}
