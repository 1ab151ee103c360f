using Gateway.Core.Configuration;

namespace Gateway.Core.Upstream;

/// <summary>Checks credentials with a LOGIN (or SASL) at the upstream IMAP server, using <see cref="UpstreamProbe"/>.</summary>
internal sealed class ImapUpstreamLogin(UpstreamProbe probe, UpstreamEndpointOptions imap) : IUpstreamLogin
{
    public async Task<CredentialCheck> LoginAsync(string user, string password, CancellationToken cancellationToken)
    {
        var result = await probe.ProbeImapAsync(imap, user, password, cancellationToken);
        return result.Authenticated switch
        {
            true => CredentialCheck.Accepted,
            false => CredentialCheck.Rejected(result.Error),
            null => CredentialCheck.Unavailable(result.Error ?? "the upstream IMAP server did not answer the login"),
        };
    }
}
