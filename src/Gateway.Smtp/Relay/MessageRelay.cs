using MailKit.Net.Smtp;
using MimeKit;

namespace Gateway.Smtp.Relay;

/// <summary>
/// Relays messages upstream as one login over one connection, reused for the next message of the same login
/// (a client session, or one spool delivery lane).
/// </summary>
/// <remarks>Not thread-safe: one caller at a time.</remarks>
internal sealed class MessageRelay : IAsyncDisposable
{
    // A connection unused for longer than this is checked with NOOP before it carries a message:
    // Postfix drops idle clients after smtpd_timeout (300 s), and a message must not fail on that.
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(10);

    private readonly UpstreamSmtpConnector _connector;
    private readonly TimeProvider _time;
    private UpstreamSmtpClient? _client;
    private string? _user;
    private DateTimeOffset _lastUse;

    public MessageRelay(UpstreamSmtpConnector connector, TimeProvider time)
    {
        _connector = connector;
        _time = time;
    }

    /// <summary>Sends <paramref name="message"/> as <paramref name="user"/>; every failure comes back in the outcome, never as an exception (except cancellation).</summary>
    public async Task<RelayOutcome> RelayAsync(
        string user, string password, MimeMessage message, long size, string sender, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        UpstreamSmtpClient client;
        try
        {
            client = await GetClientAsync(user, password, cancellationToken);
        }
        catch (UpstreamSmtpException e)
        {
            var code = e.LoginRefused ? 454 : 451;
            var status = e.LoginRefused ? "4.7.0" : "4.4.1";
            return RelayOutcome.AllFailed(recipients, code, $"{code} {status} upstream not available: {e.Message}");
        }

        try
        {
            var reply = await client.SendAsync(
                message, size, Mailbox(sender), recipients.Select(Mailbox), cancellationToken);
            _lastUse = _time.GetUtcNow();
            return Classify(recipients, client.Refused, reply);
        }
        catch (NoRecipientAcceptedException)
        {
            _lastUse = _time.GetUtcNow();
            return Classify(recipients, client.Refused, null);
        }
        catch (SmtpCommandException e)
        {
            // Sender or content refused; MailKit has reset the transaction, the connection stays usable.
            _lastUse = _time.GetUtcNow();
            var code = (int)e.StatusCode;
            return RelayOutcome.AllFailed(recipients, code, $"{code} {FirstLine(e.Message)}");
        }
        catch (Exception e) when (UpstreamSmtpConnector.Describe(e, cancellationToken) is { } reason)
        {
            await DropAsync();
            return RelayOutcome.AllFailed(recipients, 451, $"451 4.4.2 connection to {_connector.Endpoint} failed: {reason}");
        }
    }

    public async ValueTask DisposeAsync() => await DropAsync(quit: true);

    private async Task<UpstreamSmtpClient> GetClientAsync(string user, string password, CancellationToken cancellationToken)
    {
        if (_client is not null && (_user != user || !_client.IsConnected))
        {
            await DropAsync(quit: _client.IsConnected);
        }

        if (_client is not null && _time.GetUtcNow() - _lastUse > IdleCheck)
        {
            try
            {
                await _client.NoOpAsync(cancellationToken);
            }
            catch (Exception e) when (UpstreamSmtpConnector.Describe(e, cancellationToken) is not null)
            {
                await DropAsync();
            }
        }

        if (_client is null)
        {
            _client = await _connector.ConnectAsync(user, password, cancellationToken);
            _user = user;
            _lastUse = _time.GetUtcNow();
        }

        return _client;
    }

    private async Task DropAsync(bool quit = false)
    {
        var client = _client;
        _client = null;
        _user = null;
        if (client is null)
        {
            return;
        }

        if (quit && client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await client.DisconnectAsync(quit: true, timeout.Token);
            }
            catch (Exception e) when (UpstreamSmtpConnector.Describe(e, CancellationToken.None) is not null || e is OperationCanceledException)
            {
                // The messages are delivered; a server that drops the connection at QUIT changes nothing.
            }
        }

        client.Dispose();
    }

    private static RelayOutcome Classify(IReadOnlyList<string> recipients, IReadOnlyList<(string Address, SmtpResponse Response)> refused, string? reply)
    {
        var permanent = new List<RecipientFailure>();
        var temporary = new List<RecipientFailure>();
        foreach (var (address, response) in refused)
        {
            var code = (int)response.StatusCode;
            var failure = new RecipientFailure(address, code, $"{code} {FirstLine(response.Response)}");
            (code >= 500 ? permanent : temporary).Add(failure);
        }

        var delivered = recipients.Where(r => !refused.Any(x => x.Address.Equals(r, StringComparison.OrdinalIgnoreCase))).ToList();
        if (reply is null)
        {
            delivered.Clear();
        }

        return new RelayOutcome(delivered, permanent, temporary, reply);
    }

    private static MailboxAddress Mailbox(string address) => new("", address);

    private static string FirstLine(string text)
    {
        var newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}
