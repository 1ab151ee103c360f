using Gateway.Core.Upstream;
using Gateway.IntegrationTests.Fixtures;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Gateway.IntegrationTests.Smtp;

/// <summary>Looks into a user's INBOX at the fixture Dovecot directly, and waits for mail with IMAP IDLE (the server's own signal).</summary>
internal sealed class Inbox : IAsyncDisposable
{
    private readonly ImapClient _client;

    private Inbox(ImapClient client) => _client = client;

    public static async Task<Inbox> OpenAsync(MailStackFixture servers, string user)
    {
        var client = new ImapClient { ServerCertificateValidationCallback = new UpstreamCertificateValidator(false, TestTls.CaPath).CreateCallback("127.0.0.1") };
        await client.ConnectAsync("127.0.0.1", servers.Dovecot.Port("IMAP_PORT"), SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(user, user + "pw");
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        return new Inbox(client);
    }

    /// <summary>The messages whose Message-Id header contains <paramref name="messageId"/>.</summary>
    public async Task<int> CountAsync(string messageId) => (await _client.Inbox.SearchAsync(ById(messageId))).Count;

    /// <summary>Waits until <paramref name="query"/> matches at least <paramref name="count"/> messages, idling between searches.</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/>; says how many were found.</exception>
    public async Task<IList<UniqueId>> WaitForAsync(SearchQuery query, int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var inbox = _client.Inbox;
        while (true)
        {
            var found = await inbox.SearchAsync(query);
            if (found.Count >= count)
            {
                return found;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{found.Count} of {count} messages matching {query} after {timeout}");
            }

            using var done = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            void OnCountChanged(object? sender, EventArgs e) => done.Cancel();
            inbox.CountChanged += OnCountChanged;
            try
            {
                // IDLE ends when Dovecot reports new mail (EXISTS) or at the deadline.
                await _client.IdleAsync(done.Token);
            }
            finally
            {
                inbox.CountChanged -= OnCountChanged;
            }
        }
    }

    public Task<IList<UniqueId>> WaitForAsync(string messageId, int count = 1, TimeSpan? timeout = null) =>
        WaitForAsync(ById(messageId), count, timeout ?? TimeSpan.FromSeconds(30));

    public Task<MimeMessage> GetAsync(UniqueId uid) => _client.Inbox.GetMessageAsync(uid);

    public Task<Stream> GetStreamAsync(UniqueId uid) => _client.Inbox.GetStreamAsync(uid);

    public static SearchQuery ById(string messageId) => SearchQuery.HeaderContains("Message-ID", messageId);

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(quit: true);
        }

        _client.Dispose();
    }
}
