namespace Gateway.Smtp.Relay;

/// <summary>The upstream server refused every recipient; <see cref="UpstreamSmtpClient.Refused"/> says why.</summary>
internal sealed class NoRecipientAcceptedException : Exception
{
    public NoRecipientAcceptedException()
        : base("the upstream server accepted no recipient")
    {
    }

    public NoRecipientAcceptedException(string message)
        : base(message)
    {
    }

    public NoRecipientAcceptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
