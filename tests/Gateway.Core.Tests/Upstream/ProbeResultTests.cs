using Gateway.Core.Upstream;

namespace Gateway.Core.Tests.Upstream;

public sealed class ProbeResultTests
{
    [Fact]
    public void ToLine_of_a_good_tls_login()
    {
        var result = new ProbeResult("IMAP", "127.0.0.1:143", true, "Tls13", "CN=localhost", "valid", true, true, null);

        Assert.Equal("IMAP  127.0.0.1:143  reachable  TLS Tls13  cert CN=localhost (valid)  login ok  OK", result.ToLine());
    }

    [Fact]
    public void ToLine_of_an_unreachable_server()
    {
        var result = new ProbeResult("SMTP", "mail.example.com:587", false, "none", null, null, null, false, "connection refused");

        Assert.Equal("SMTP  mail.example.com:587  unreachable  FAILED: connection refused", result.ToLine());
    }

    [Fact]
    public void ToLine_of_rejected_credentials_on_a_plain_connection()
    {
        var result = new ProbeResult("FreeBusy", "ftp://files.example.com/fb", true, "none", null, null, false, false, "credentials rejected: 530 Login incorrect.");

        Assert.Equal(
            "FreeBusy  ftp://files.example.com/fb  reachable  TLS none  login rejected  FAILED: credentials rejected: 530 Login incorrect.",
            result.ToLine());
    }
}
