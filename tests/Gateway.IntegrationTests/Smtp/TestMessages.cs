using MimeKit;
using MimeKit.Utils;

namespace Gateway.IntegrationTests.Smtp;

internal static class TestMessages
{
    /// <summary>A plain text message with a fresh Message-Id (returned without angle brackets).</summary>
    public static MimeMessage Text(string from, string to, string subject, string body = "Hello from the SMTP tests.\n")
    {
        var message = new MimeMessage { Subject = subject, MessageId = MimeUtils.GenerateMessageId("tests.lab.test") };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }
}
