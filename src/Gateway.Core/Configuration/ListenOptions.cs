using System.Net;

namespace Gateway.Core.Configuration;

/// <summary>The <c>Listen</c> section: <c>address:port</c> per listener; empty or absent disables it.</summary>
public sealed class ListenOptions
{
    public IPEndPoint? Imap { get; set; }

    /// <summary>IMAP with implicit TLS (993 style); needs <c>Tls:CertificatePath</c>.</summary>
    public IPEndPoint? ImapTls { get; set; }

    public IPEndPoint? Smtp { get; set; }

    /// <summary>SMTP with implicit TLS (465 style); needs <c>Tls:CertificatePath</c>.</summary>
    public IPEndPoint? SmtpTls { get; set; }

    public IPEndPoint? Ftp { get; set; }

    public IPEndPoint? Pop3 { get; set; }

    /// <summary>POP3 with implicit TLS (995 style); needs <c>Tls:CertificatePath</c>.</summary>
    public IPEndPoint? Pop3Tls { get; set; }

    /// <summary>Every enabled listener with its configuration key.</summary>
    public IEnumerable<(string Key, IPEndPoint EndPoint)> Enabled()
    {
        (string, IPEndPoint?)[] all =
        [
            ("Listen:Imap", Imap), ("Listen:ImapTls", ImapTls), ("Listen:Smtp", Smtp),
            ("Listen:SmtpTls", SmtpTls), ("Listen:Ftp", Ftp), ("Listen:Pop3", Pop3), ("Listen:Pop3Tls", Pop3Tls),
        ];
        foreach (var (key, endPoint) in all)
        {
            if (endPoint is not null)
            {
                yield return (key, endPoint);
            }
        }
    }
}
