using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Upstream;

namespace Gateway.Core.Tests.Upstream;

public sealed class UpstreamCertificateValidatorTests : IDisposable
{
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("ScoGateway Test CA");
    private readonly string _caPem;

    public UpstreamCertificateValidatorTests() => _caPem = TestCertificates.WritePem(_ca);

    public void Dispose()
    {
        File.Delete(_caPem);
        _ca.Dispose();
    }

    [Fact]
    public void Certificate_from_the_trusted_ca_file_is_valid()
    {
        using var server = TestCertificates.CreateServer(_ca, "localhost");
        var result = ValidateLikeSslStream(new UpstreamCertificateValidator(false, _caPem), server, "localhost");

        Assert.True(result.Accepted);
        Assert.Equal("valid, trusted via TrustedCaPath", result.Text);
        Assert.Equal("CN=localhost", result.Subject);
    }

    [Fact]
    public void Certificate_matches_an_ip_address_in_its_alternative_names()
    {
        using var server = TestCertificates.CreateServer(_ca, "localhost");
        var result = ValidateLikeSslStream(new UpstreamCertificateValidator(false, _caPem), server, "127.0.0.1");

        Assert.True(result.Accepted, result.Text);
    }

    [Fact]
    public void Certificate_from_an_unknown_ca_is_an_untrusted_root()
    {
        using var server = TestCertificates.CreateServer(_ca, "localhost");
        var result = ValidateLikeSslStream(new UpstreamCertificateValidator(false, null), server, "localhost");

        Assert.False(result.Accepted);
        Assert.Equal("untrusted root: CN=ScoGateway Test CA", result.Text);
    }

    [Fact]
    public void Trusted_ca_file_with_another_ca_does_not_help()
    {
        using var otherCa = TestCertificates.CreateCa("Other CA");
        var otherPem = TestCertificates.WritePem(otherCa);
        try
        {
            using var server = TestCertificates.CreateServer(_ca, "localhost");
            var result = ValidateLikeSslStream(new UpstreamCertificateValidator(false, otherPem), server, "localhost");

            Assert.False(result.Accepted);
            Assert.StartsWith("untrusted root: CN=ScoGateway Test CA", result.Text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(otherPem);
        }
    }

    [Fact]
    public void Certificate_for_another_name_is_a_name_mismatch()
    {
        using var server = TestCertificates.CreateServer(_ca, "localhost");
        var result = ValidateLikeSslStream(new UpstreamCertificateValidator(false, _caPem), server, "mail.example.com");

        Assert.False(result.Accepted);
        Assert.StartsWith("name mismatch", result.Text, StringComparison.Ordinal);
        Assert.Contains("mail.example.com", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_certificate_is_rejected_even_from_a_trusted_ca()
    {
        using var server = TestCertificates.CreateServer(_ca, "localhost", expired: true);
        var result = ValidateLikeSslStream(new UpstreamCertificateValidator(false, _caPem), server, "localhost");

        Assert.False(result.Accepted);
        Assert.Contains("expired", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptInvalidCertificate_accepts_an_untrusted_root_and_says_so()
    {
        using var server = TestCertificates.CreateServer(_ca, "localhost");
        var result = ValidateLikeSslStream(new UpstreamCertificateValidator(true, null), server, "other.example");

        Assert.True(result.Accepted);
        Assert.StartsWith("accepted although invalid (AcceptInvalidCertificate)", result.Text, StringComparison.Ordinal);
        Assert.Contains("untrusted root: CN=ScoGateway Test CA", result.Text, StringComparison.Ordinal);
        Assert.Contains("name mismatch", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptInvalidCertificate_still_reports_a_valid_certificate_as_valid()
    {
        using var server = TestCertificates.CreateServer(_ca, "localhost");
        var result = ValidateLikeSslStream(new UpstreamCertificateValidator(true, _caPem), server, "localhost");

        Assert.Equal(new CertificateValidation(true, "valid, trusted via TrustedCaPath", "CN=localhost"), result);
    }

    [Fact]
    public void Missing_certificate_is_rejected()
    {
        var result = new UpstreamCertificateValidator(true, null).Validate("localhost", null, null, SslPolicyErrors.RemoteCertificateNotAvailable);

        Assert.False(result.Accepted);
        Assert.Null(result.Subject);
    }

    [Fact]
    public void Without_a_chain_from_the_tls_stack_the_validator_builds_one()
    {
        using var server = TestCertificates.CreateServer(_ca, "localhost");
        var result = new UpstreamCertificateValidator(false, _caPem).Validate("localhost", server, null, SslPolicyErrors.RemoteCertificateChainErrors);

        Assert.True(result.Accepted, result.Text);
    }

    [Fact]
    public void Callback_reports_the_outcome_to_the_observer()
    {
        using var server = TestCertificates.CreateServer(_ca, "localhost");
        CertificateValidation? seen = null;
        var callback = new UpstreamCertificateValidator(false, null).CreateCallback("localhost", v => seen = v);
        using var chain = SystemChain(server, out var errors, "localhost");

        Assert.False(callback(this, server, chain, errors));
        Assert.NotNull(seen);
        Assert.StartsWith("untrusted root", seen.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_ca_file_is_named_in_the_outcome()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"scogw-test-broken-{Guid.NewGuid():N}.pem");
        File.WriteAllText(broken, "not a certificate");
        try
        {
            using var server = TestCertificates.CreateServer(_ca, "localhost");
            var result = ValidateLikeSslStream(new UpstreamCertificateValidator(false, broken), server, "localhost");

            Assert.False(result.Accepted);
            Assert.Contains("TrustedCaPath not usable", result.Text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public void A_ca_file_fixed_after_a_failed_load_is_used_without_a_restart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scogw-test-late-{Guid.NewGuid():N}.pem");
        try
        {
            using var server = TestCertificates.CreateServer(_ca, "localhost");
            var validator = new UpstreamCertificateValidator(false, path);
            var missing = ValidateLikeSslStream(validator, server, "localhost");
            Assert.False(missing.Accepted);
            Assert.Contains("TrustedCaPath not usable", missing.Text, StringComparison.Ordinal);

            File.Copy(_caPem, path);
            var fixedFile = ValidateLikeSslStream(validator, server, "localhost");
            Assert.True(fixedFile.Accepted, fixedFile.Text);

            // Once loaded, the CAs are kept: the file is not read again for every connection.
            File.Delete(path);
            Assert.True(ValidateLikeSslStream(validator, server, "localhost").Accepted);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void With_the_chain_policy_one_build_on_the_custom_cas_decides()
    {
        var validator = new UpstreamCertificateValidator(false, _caPem);
        var policy = validator.ChainPolicy();
        Assert.NotNull(policy);
        Assert.Null(new UpstreamCertificateValidator(false, null).ChainPolicy());

        using var server = TestCertificates.CreateServer(_ca, "localhost");
        using (var chain = new X509Chain { ChainPolicy = policy })
        {
            Assert.True(chain.Build(server));
            Assert.Equal(new CertificateValidation(true, "valid, trusted via TrustedCaPath", "CN=localhost"), validator.Validate("localhost", server, chain, SslPolicyErrors.None));
        }

        // A server of another CA fails that build; the system store is asked too and does not know it either.
        using var otherCa = TestCertificates.CreateCa("Some Other CA");
        using var stranger = TestCertificates.CreateServer(otherCa, "localhost");
        using (var chain = new X509Chain { ChainPolicy = validator.ChainPolicy()! })
        {
            Assert.False(chain.Build(stranger));
            var result = validator.Validate("localhost", stranger, chain, SslPolicyErrors.RemoteCertificateChainErrors);
            Assert.False(result.Accepted);
            Assert.StartsWith("untrusted root", result.Text, StringComparison.Ordinal);
        }
    }

    /// <summary>Builds the chain and policy errors the way SslStream does before it calls the callback.</summary>
    private static CertificateValidation ValidateLikeSslStream(UpstreamCertificateValidator validator, X509Certificate2 server, string host)
    {
        using var chain = SystemChain(server, out var errors, host);
        return validator.Validate(host, server, chain, errors);
    }

    private static X509Chain SystemChain(X509Certificate2 server, out SslPolicyErrors errors, string host)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        errors = chain.Build(server) ? SslPolicyErrors.None : SslPolicyErrors.RemoteCertificateChainErrors;
        if (!server.MatchesHostname(host))
        {
            errors |= SslPolicyErrors.RemoteCertificateNameMismatch;
        }

        return chain;
    }
}
