namespace Gateway.Core.Upstream;

/// <summary>Checks a client's user name and password, as the IMAP, POP3, SMTP and FTP listeners need before serving it.</summary>
public interface ICredentialVerifier
{
    /// <summary>Checks the credentials; expected failures come back as values, never as exceptions.</summary>
    Task<CredentialCheck> VerifyAsync(string user, string password, CancellationToken cancellationToken);
}
