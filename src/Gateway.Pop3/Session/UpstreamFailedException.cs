namespace Gateway.Pop3.Session;

/// <summary>The upstream IMAP connection failed during a POP3 session; the session ends without committing anything.</summary>
internal sealed class UpstreamFailedException : Exception
{
    public UpstreamFailedException()
    {
    }

    public UpstreamFailedException(string message)
        : base(message)
    {
    }

    public UpstreamFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
