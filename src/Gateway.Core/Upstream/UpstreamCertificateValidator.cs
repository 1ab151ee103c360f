using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Configuration;

namespace Gateway.Core.Upstream;

/// <summary>
/// Checks upstream server certificates for one endpoint: system trust, plus the CA certificates in
/// <c>TrustedCaPath</c>, plus a host name match; or anything at all when <c>AcceptInvalidCertificate</c> is set.
/// </summary>
/// <remarks>
/// Revocation is not checked, as in <see cref="SslStream"/>'s and MailKit's defaults: internal CAs of
/// the servers behind the gateway seldom publish a reachable CRL.
/// </remarks>
public sealed class UpstreamCertificateValidator
{
    private readonly bool _acceptInvalidCertificate;
    private readonly string? _trustedCaPath;

    // The CAs of _trustedCaPath, loaded on first use and kept once they loaded; a failed load is tried again next time,
    // so an admin who fixes the file need not restart the service.
    private volatile LoadedCas? _trustedCas;

    /// <summary>Creates a validator that trusts the system store plus the PEM CAs in <paramref name="trustedCaPath"/>.</summary>
    public UpstreamCertificateValidator(bool acceptInvalidCertificate, string? trustedCaPath)
    {
        _acceptInvalidCertificate = acceptInvalidCertificate;
        _trustedCaPath = string.IsNullOrWhiteSpace(trustedCaPath) ? null : trustedCaPath;
    }

    /// <summary>Creates the validator for an IMAP or SMTP upstream.</summary>
    public static UpstreamCertificateValidator For(UpstreamEndpointOptions endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new UpstreamCertificateValidator(endpoint.AcceptInvalidCertificate, endpoint.TrustedCaPath);
    }

    /// <summary>Creates the validator for the free/busy upstream.</summary>
    public static UpstreamCertificateValidator For(FreeBusyUpstreamOptions freeBusy)
    {
        ArgumentNullException.ThrowIfNull(freeBusy);
        return new UpstreamCertificateValidator(freeBusy.AcceptInvalidCertificate, freeBusy.TrustedCaPath);
    }

    /// <summary>Creates a TLS callback for a connection to <paramref name="host"/> that reports each outcome to <paramref name="observe"/>.</summary>
    public RemoteCertificateValidationCallback CreateCallback(string host, Action<CertificateValidation>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        return (_, certificate, chain, errors) =>
        {
            var result = Validate(host, certificate, chain, errors);
            observe?.Invoke(result);
            return result.Accepted;
        };
    }

    /// <summary>
    /// The chain policy for the TLS stack: with <c>TrustedCaPath</c> CAs loaded, the chain is built against them
    /// alone, so a server certified by them is checked with one chain build instead of two (a failed one against the
    /// system store, then one here); <see cref="Validate"/> still tries the system store when that build fails. Null
    /// without custom CAs: the TLS stack's default (the system store).
    /// </summary>
    public X509ChainPolicy? ChainPolicy()
    {
        var (cas, error) = TrustedCas();
        if (error is not null || cas.Count == 0)
        {
            return null;
        }

        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(cas);
        return policy;
    }

    /// <summary>Decides whether a server certificate for <paramref name="host"/> is acceptable, and says why.</summary>
    /// <param name="host">The name or address the client connected to; empty skips the own name check and uses <paramref name="errors"/>.</param>
    /// <param name="certificate">The server certificate.</param>
    /// <param name="chain">The chain the TLS stack built against the system store, or <see langword="null"/> to build one here.</param>
    /// <param name="errors">The TLS stack's verdict.</param>
    public CertificateValidation Validate(string host, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Verdict(false, "no certificate sent", null);
        }

        using var owned = certificate is X509Certificate2 ? null : new X509Certificate2(certificate);
        var leaf = owned ?? (X509Certificate2)certificate;
        var subject = leaf.Subject;

        var problems = new List<string>(2);
        var builtOnCustomCas = chain?.ChainPolicy.TrustMode == X509ChainTrustMode.CustomRootTrust;
        var viaCustomCa = builtOnCustomCas;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) || chain is null)
        {
            // A chain built on the custom CAs alone (ChainPolicy) failed: the system store may still trust the server.
            var chainProblem = CheckChain(leaf, builtOnCustomCas ? null : chain, out viaCustomCa);
            if (chainProblem is not null)
            {
                problems.Add(chainProblem);
            }
        }

        var nameMatches = host.Length == 0
            ? !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            : leaf.MatchesHostname(host.Trim('[', ']'));
        if (!nameMatches)
        {
            problems.Add($"name mismatch: certificate {subject} is not for {host}");
        }

        if (problems.Count == 0)
        {
            return Verdict(true, viaCustomCa ? "valid, trusted via TrustedCaPath" : "valid", subject);
        }

        var text = string.Join("; ", problems);
        return _acceptInvalidCertificate
            ? Verdict(true, $"accepted although invalid (AcceptInvalidCertificate): {text}", subject)
            : Verdict(false, text, subject);
    }

    private static CertificateValidation Verdict(bool accepted, string text, string? subject) => new(accepted, text, subject);

    /// <summary>Returns null when the chain is trusted (by the system or by the custom CAs), else what is wrong with it.</summary>
    private string? CheckChain(X509Certificate2 leaf, X509Chain? systemChain, out bool viaCustomCa)
    {
        viaCustomCa = false;
        using var ownedChain = systemChain is null ? new X509Chain() : null;
        if (ownedChain is not null)
        {
            ownedChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (ownedChain.Build(leaf))
            {
                return null;
            }
        }

        var chain = systemChain ?? ownedChain!;
        var status = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        const X509ChainStatusFlags RootProblems = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;

        // The last element is the root when the chain is complete, or the topmost certificate whose
        // issuer could not be found; either way its issuer names the CA that is not trusted.
        var top = chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate : leaf;
        var untrusted = $"untrusted root: {top.Issuer}";

        if ((status & ~RootProblems) != X509ChainStatusFlags.NoError)
        {
            return DescribeOtherProblems(status & ~RootProblems, chain);
        }

        if (status == X509ChainStatusFlags.NoError)
        {
            // The TLS stack flagged the chain but left no status; do not guess it is fine.
            return untrusted;
        }

        var (cas, loadError) = TrustedCas();
        if (loadError is not null)
        {
            return $"{untrusted} (TrustedCaPath not usable: {loadError})";
        }

        if (cas.Count == 0)
        {
            return untrusted;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(cas);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // The intermediates the server sent are in the TLS stack's ExtraStore; the ones it found, in its elements.
        custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        foreach (var element in chain.ChainElements)
        {
            custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        if (custom.Build(leaf))
        {
            viaCustomCa = true;
            return null;
        }

        var customStatus = custom.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        return (customStatus & ~RootProblems) != X509ChainStatusFlags.NoError
            ? DescribeOtherProblems(customStatus & ~RootProblems, custom)
            : untrusted;
    }

    private static string DescribeOtherProblems(X509ChainStatusFlags status, X509Chain chain)
    {
        if (status.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            return "certificate expired or not yet valid";
        }

        var detail = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.UntrustedRoot && s.Status != X509ChainStatusFlags.PartialChain)
            .Select(s => s.StatusInformation.Trim())
            .FirstOrDefault(s => s.Length > 0);
        return $"chain error: {detail ?? status.ToString()}";
    }

    private (X509Certificate2Collection, string?) TrustedCas()
    {
        if (_trustedCas is { Error: null } loaded)
        {
            return (loaded.Certificates, null);
        }

        var (certificates, error) = LoadTrustedCas();
        _trustedCas = new LoadedCas(certificates, error);
        return (certificates, error);
    }

    private (X509Certificate2Collection, string?) LoadTrustedCas()
    {
        var cas = new X509Certificate2Collection();
        if (_trustedCaPath is null)
        {
            return (cas, null);
        }

        try
        {
            cas.ImportFromPemFile(_trustedCaPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return (cas, $"{_trustedCaPath}: {e.Message}");
        }

        return cas.Count == 0 ? (cas, $"{_trustedCaPath} holds no PEM certificate") : (cas, null);
    }

    private sealed record LoadedCas(X509Certificate2Collection Certificates, string? Error);
}
