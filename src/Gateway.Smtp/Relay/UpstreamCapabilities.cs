using MailKit.Net.Smtp;

namespace Gateway.Smtp.Relay;

/// <summary>What the upstream SMTP server last said it supports, for the gateway's own EHLO reply.</summary>
/// <remarks>Updated by every upstream connection; before the first one, the gateway offers 8BITMIME and no SMTPUTF8.</remarks>
internal sealed class UpstreamCapabilities
{
    // _current is replaced whole; readers take one consistent snapshot.
    private volatile Snapshot _current = new(Known: false, MaxSize: 0, EightBitMime: true, SmtpUtf8: false);

    public Snapshot Current => _current;

    public void Update(SmtpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var capabilities = client.Capabilities;
        _current = new Snapshot(
            Known: true,
            MaxSize: capabilities.HasFlag(SmtpCapabilities.Size) ? (long)client.MaxSize : 0,
            EightBitMime: capabilities.HasFlag(SmtpCapabilities.EightBitMime),
            SmtpUtf8: capabilities.HasFlag(SmtpCapabilities.UTF8));
    }

    /// <param name="Known">Whether a server has been asked yet.</param>
    /// <param name="MaxSize">The server's SIZE limit in bytes; 0 when it declares none.</param>
    /// <param name="EightBitMime">The server takes 8BITMIME.</param>
    /// <param name="SmtpUtf8">The server takes SMTPUTF8.</param>
    public sealed record Snapshot(bool Known, long MaxSize, bool EightBitMime, bool SmtpUtf8);
}
