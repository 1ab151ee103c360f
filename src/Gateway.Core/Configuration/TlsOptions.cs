namespace Gateway.Core.Configuration;

/// <summary>The <c>Tls</c> section: the certificate the gateway's own listeners present.</summary>
public sealed class TlsOptions
{
    /// <summary>A PKCS#12 (.pfx/.p12) file, or a PEM file holding certificate and key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the PKCS#12 file; a secret, never printed.</summary>
    public string? CertificatePassword { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath);
}
