namespace Gateway.FreeBusy.Forwarders;

/// <summary>The upstream free/busy store of <c>Upstream:FreeBusy:Url</c>.</summary>
/// <remarks>
/// Failures throw <see cref="FreeBusyUpstreamException"/>, <see cref="IOException"/>,
/// <see cref="System.Net.Sockets.SocketException"/>, <see cref="TimeoutException"/> or TLS exceptions;
/// the callers treat all of them as "upstream unavailable".
/// </remarks>
internal interface IFreeBusyTarget
{
    /// <summary>The URL, for logs.</summary>
    string Description { get; }

    /// <summary>Stores <paramref name="content"/> upstream as <paramref name="name"/>, replacing any old version.</summary>
    Task PutAsync(string name, UpstreamCredentials? credentials, Stream content, CancellationToken cancellationToken);

    /// <summary>Deletes <paramref name="name"/> upstream; a file that is not there counts as deleted.</summary>
    Task DeleteAsync(string name, UpstreamCredentials? credentials, CancellationToken cancellationToken);

    /// <summary>Copies the upstream's <paramref name="name"/> into <paramref name="destination"/>; false when the upstream has no such file.</summary>
    /// <exception cref="FreeBusyUpstreamException">The file is larger than <paramref name="maxBytes"/>, or the upstream failed.</exception>
    Task<bool> TryGetAsync(string name, UpstreamCredentials? credentials, Stream destination, long maxBytes, CancellationToken cancellationToken);
}
