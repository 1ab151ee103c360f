using System.Text;

namespace Gateway.Core.Upstream;

/// <summary>What one probe of an upstream server found, with reachability, TLS and login reported apart.</summary>
/// <param name="Service"><c>IMAP</c>, <c>SMTP</c> or <c>FreeBusy</c>.</param>
/// <param name="Endpoint">Where the probe went, e.g. <c>mail.example.com:993</c> or the free/busy URL.</param>
/// <param name="Reachable">Whether a TCP connection was made.</param>
/// <param name="TlsProtocol">The negotiated protocol such as <c>Tls13</c>, or <c>none</c> for a plain connection.</param>
/// <param name="CertificateSubject">The server certificate's subject, when the server sent one.</param>
/// <param name="CertificateValidation">How the certificate was judged, e.g. <c>valid</c> or <c>untrusted root: CN=Lab CA</c>.</param>
/// <param name="Authenticated">Whether the credentials were accepted; <see langword="null"/> when login was not reached.</param>
/// <param name="Ok">Whether everything worked.</param>
/// <param name="Error">A human-readable reason when <paramref name="Ok"/> is false, e.g. <c>connection refused</c>.</param>
public sealed record ProbeResult(
    string Service,
    string Endpoint,
    bool Reachable,
    string TlsProtocol,
    string? CertificateSubject,
    string? CertificateValidation,
    bool? Authenticated,
    bool Ok,
    string? Error)
{
    /// <summary>Formats the result as one line, e.g. <c>IMAP  127.0.0.1:143  reachable  TLS Tls13  cert CN=localhost (valid)  login ok  OK</c>.</summary>
    public string ToLine()
    {
        var line = new StringBuilder();
        line.Append(Service).Append("  ").Append(Endpoint).Append("  ").Append(Reachable ? "reachable" : "unreachable");
        if (Reachable)
        {
            line.Append("  TLS ").Append(TlsProtocol);
        }

        if (CertificateSubject is not null || CertificateValidation is not null)
        {
            line.Append("  cert ").Append(CertificateSubject ?? "(none)");
            if (CertificateValidation is not null)
            {
                line.Append(" (").Append(CertificateValidation).Append(')');
            }
        }

        switch (Authenticated)
        {
            case true:
                line.Append("  login ok");
                break;
            case false:
                line.Append("  login rejected");
                break;
        }

        line.Append("  ").Append(Ok ? "OK" : $"FAILED: {Error ?? "unknown error"}");
        return line.ToString();
    }
}
