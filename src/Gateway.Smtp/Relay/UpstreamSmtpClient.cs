using MailKit.Net.Smtp;
using MimeKit;

namespace Gateway.Smtp.Relay;

/// <summary>
/// MailKit's SMTP client, told to send messages as they are: no re-encoding (the client already prepared the
/// message for SMTP), the known byte size for <c>SIZE=</c>, and recipient refusals collected instead of thrown.
/// </summary>
internal sealed class UpstreamSmtpClient : SmtpClient
{
    private readonly List<(string Address, SmtpResponse Response)> _refused = [];
    private long? _size;

    /// <summary>Recipients the server refused in the last <see cref="SendAsync"/>.</summary>
    public IReadOnlyList<(string Address, SmtpResponse Response)> Refused => _refused;

    /// <summary>Sends a message whose serialised size is <paramref name="size"/>; refused recipients land in <see cref="Refused"/>.</summary>
    /// <exception cref="NoRecipientAcceptedException">The server refused every recipient.</exception>
    public Task<string> SendAsync(MimeMessage message, long size, MailboxAddress sender, IEnumerable<MailboxAddress> recipients, CancellationToken cancellationToken)
    {
        _refused.Clear();
        _size = size;
        return SendAsync(FormatOptions.Default, message, sender, recipients, cancellationToken);
    }

    // The message goes out as the client sent it: MimeMessage.Prepare would re-encode parts.
    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
    }

    protected override long GetSize(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        _size ?? base.GetSize(options, message, cancellationToken);

    protected override Task<long> GetSizeAsync(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        _size is { } size ? Task.FromResult(size) : base.GetSizeAsync(options, message, cancellationToken);

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        _refused.Add((mailbox.Address, response));

    protected override void OnNoRecipientsAccepted(MimeMessage message) => throw new NoRecipientAcceptedException();
}
