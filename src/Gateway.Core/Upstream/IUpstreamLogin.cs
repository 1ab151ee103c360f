namespace Gateway.Core.Upstream;

/// <summary>One real login attempt at the upstream server, without caching; the seam that lets tests replace the server.</summary>
internal interface IUpstreamLogin
{
    /// <summary>Logs in once and logs out again; expected failures come back as values.</summary>
    Task<CredentialCheck> LoginAsync(string user, string password, CancellationToken cancellationToken);
}
