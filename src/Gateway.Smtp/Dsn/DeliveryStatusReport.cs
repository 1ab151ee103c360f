using System.Globalization;
using System.Text;
using Gateway.Smtp.Spool;
using MimeKit;
using MimeKit.Utils;

namespace Gateway.Smtp.Dsn;

/// <summary>Builds the non-delivery report (RFC 3464 multipart/report) that goes into the sender's INBOX.</summary>
internal static class DeliveryStatusReport
{
    /// <summary>Creates the report for the failed recipients of <paramref name="envelope"/>.</summary>
    /// <param name="envelope">The spooled message; its recipients marked failed are reported.</param>
    /// <param name="originalHeaders">The headers of the original message (the body is not returned: it may be large).</param>
    /// <param name="reportingHost">This gateway's host name, for <c>Reporting-MTA</c>.</param>
    /// <param name="upstream">The upstream server, for <c>Remote-MTA</c>.</param>
    /// <param name="now">The report's date.</param>
    public static MimeMessage Create(SpoolEnvelope envelope, HeaderList? originalHeaders, string reportingHost, string upstream, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var failed = envelope.Recipients.Where(r => r.Failed).ToList();
        var message = new MimeMessage { Date = now, Subject = "Undelivered Mail Returned to Sender" };
        message.From.Add(new MailboxAddress("Mail Delivery System", $"MAILER-DAEMON@{reportingHost}"));
        if (envelope.Sender.Length > 0)
        {
            message.To.Add(new MailboxAddress("", envelope.Sender));
        }

        message.Headers.Add("Auto-Submitted", "auto-replied");
        message.MessageId = MimeUtils.GenerateMessageId(reportingHost);
        var originalSubject = originalHeaders?[HeaderId.Subject];
        var originalId = originalHeaders?[HeaderId.MessageId];
        if (originalId is not null)
        {
            message.InReplyTo = originalId;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"This is the mail gateway at {reportingHost}.\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Your message{(originalSubject is null ? "" : $" \"{originalSubject.Trim()}\"")}, received {envelope.Received:u},\n");
        text.Append("could not be delivered to the following recipients:\n\n");
        foreach (var recipient in failed)
        {
            text.Append(CultureInfo.InvariantCulture, $"<{recipient.Address}>: {recipient.Reply}\n");
        }

        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = text.ToString() },
            Status(envelope, failed, reportingHost, upstream),
        };

        if (originalHeaders is not null)
        {
            report.Add(Headers(originalHeaders));
        }

        message.Body = report;
        return message;
    }

    /// <summary>The enhanced status code in an SMTP reply (<c>550 5.1.1 ...</c> → <c>5.1.1</c>), or a generic one for its class.</summary>
    public static string StatusCode(string? reply)
    {
        var parts = (reply ?? "").Split(' ', 3);
        if (parts.Length >= 2 && parts[1].Length >= 5 && parts[1][1] == '.' && parts[1][0] is '2' or '4' or '5')
        {
            return parts[1];
        }

        return parts.Length > 0 && parts[0].StartsWith('4') ? "4.0.0" : "5.0.0";
    }

    private static MessageDeliveryStatus Status(SpoolEnvelope envelope, List<SpoolRecipient> failed, string reportingHost, string upstream)
    {
        // per-message-fields, then per-recipient-fields (RFC 3464 §2.2, §2.3).
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList
        {
            { "Reporting-MTA", $"dns; {reportingHost}" },
            { "X-ScoGateway-Queue-ID", envelope.Id },
            { "Arrival-Date", DateUtils.FormatDate(envelope.Received) },
        };
        status.StatusGroups.Add(perMessage);
        foreach (var recipient in failed)
        {
            var group = new HeaderList
            {
                { "Final-Recipient", $"rfc822; {recipient.Address}" },
                { "Action", "failed" },
                { "Status", StatusCode(recipient.Reply) },
                { "Remote-MTA", $"dns; {upstream}" },
            };
            if (recipient.Reply is { Length: > 0 } reply)
            {
                group.Add("Diagnostic-Code", $"smtp; {reply}");
            }

            status.StatusGroups.Add(group);
        }

        return status;
    }

    private static MimePart Headers(HeaderList headers)
    {
        var bytes = new MemoryStream();
        headers.WriteTo(FormatOptions.Default, bytes);
        bytes.Position = 0;
        return new MimePart("text", "rfc822-headers") { Content = new MimeContent(bytes) };
    }
}
