namespace Gateway.FreeBusy.Forwarders;

/// <summary>The free/busy upstream refused or failed an operation; the message says what it answered.</summary>
internal sealed class FreeBusyUpstreamException : Exception
{
    public FreeBusyUpstreamException(string message)
        : base(message)
    {
    }

    public FreeBusyUpstreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FreeBusyUpstreamException()
    {
    }
}
