using Gateway.Smtp.Dsn;
using Gateway.Smtp.Spool;
using Gateway.Smtp.Tests.Spool;
using MimeKit;

namespace Gateway.Smtp.Tests.Dsn;

public sealed class DeliveryStatusReportTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_IsAnRfc3464Report_ForTheFailedRecipientsOnly()
    {
        var headers = new HeaderList { { "Subject", "Quarterly figures" }, { "Message-Id", "<orig@lab.test>" } };

        using var report = DeliveryStatusReport.Create(SpoolEnvelopeTests.Sample, headers, "gw.lab.test", "mail.lab.test:587", Now);
        using var parsed = Reparse(report);

        Assert.Equal("alice@lab.test", Assert.Single(parsed.To.Mailboxes).Address);
        Assert.Equal("MAILER-DAEMON@gw.lab.test", Assert.Single(parsed.From.Mailboxes).Address);
        Assert.Equal("auto-replied", parsed.Headers["Auto-Submitted"]);
        Assert.Equal("orig@lab.test", parsed.InReplyTo);
        var multipart = Assert.IsType<MultipartReport>(parsed.Body);
        Assert.Equal("delivery-status", multipart.ReportType);
        Assert.Equal(3, multipart.Count);
        Assert.Contains("<nobody@lab.test>: 550 5.1.1", Assert.IsType<TextPart>(multipart[0]).Text, StringComparison.Ordinal);
        Assert.Contains("Quarterly figures", ((TextPart)multipart[0]).Text, StringComparison.Ordinal);

        var status = Assert.IsType<MessageDeliveryStatus>(multipart[1]);
        // Note: MimeKit 4.18 reads the blank line that ends the last group as one more, empty group.
        var groups = status.StatusGroups.Where(g => g.Count > 0).ToList();
        Assert.Equal(2, groups.Count);
        Assert.Equal("dns; gw.lab.test", groups[0]["Reporting-MTA"]);
        var recipient = groups[1];
        Assert.Equal("rfc822; nobody@lab.test", recipient["Final-Recipient"]);
        Assert.Equal("failed", recipient["Action"]);
        Assert.Equal("5.1.1", recipient["Status"]);
        Assert.Equal("smtp; 550 5.1.1 <nobody@lab.test>: unknown", recipient["Diagnostic-Code"]);
        Assert.Equal("text/rfc822-headers", multipart[2].ContentType.MimeType);
    }

    [Fact]
    public void Create_WithoutOriginalHeaders_HasTwoParts()
    {
        using var report = DeliveryStatusReport.Create(SpoolEnvelopeTests.Sample, null, "gw", "up", Now);

        Assert.Equal(2, Assert.IsType<MultipartReport>(report.Body).Count);
    }

    [Theory]
    [InlineData("550 5.1.1 <x>: unknown", "5.1.1")]
    [InlineData("554 4.4.7 expired", "4.4.7")]
    [InlineData("550 no enhanced code", "5.0.0")]
    [InlineData("451 try later", "4.0.0")]
    [InlineData(null, "5.0.0")]
    public void StatusCode_TakesTheEnhancedCode(string? reply, string expected) => Assert.Equal(expected, DeliveryStatusReport.StatusCode(reply));

    private static MimeMessage Reparse(MimeMessage message)
    {
        var bytes = new MemoryStream();
        message.WriteTo(bytes);
        bytes.Position = 0;
        return MimeMessage.Load(bytes);
    }
}
