using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Configuration;

namespace Gateway.Core.Listening;

/// <summary>Loads the certificate the gateway's own listeners present (<c>Tls:CertificatePath</c>).</summary>
public static class ServerCertificate
{
    /// <summary>The certificate with its private key, or null when none is configured.</summary>
    /// <remarks>A PEM file must hold the certificate and its key; a .pfx/.p12 file may have a password.</remarks>
    public static X509Certificate2? Load(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return null;
        }

        var path = options.CertificatePath!;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
        }

        // Note: keys loaded from PEM are ephemeral, which Windows' TLS stack refuses; a PKCS#12 round trip fixes that.
        using var pem = X509Certificate2.CreateFromPemFile(path);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
