using Gateway.Core.Upstream;
using Gateway.IntegrationTests.Fixtures;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;

namespace Gateway.IntegrationTests.Pop3;

/// <summary>
/// The INBOX of dave, a fixture user only the POP3 tests use, read and written with MailKit directly at Dovecot (not
/// through the gateway): the reference the POP3 view is compared with.
/// </summary>
internal sealed class DaveMailbox : IAsyncDisposable
{
    public const string User = "dave";

    private readonly ImapClient _client;

    private DaveMailbox(ImapClient client) => _client = client;

    public IMailFolder Inbox => _client.Inbox;

    public uint UidValidity => _client.Inbox.UidValidity;

    /// <summary>Opens dave's INBOX read-write and, unless <paramref name="keep"/>, removes every message in it.</summary>
    public static Task<DaveMailbox> OpenAsync(MailStackFixture servers, bool keep = false) => OpenAsync(servers.Dovecot.Port("IMAP_PORT"), keep);

    /// <summary>Opens dave's INBOX at the Dovecot on <paramref name="imapPort"/>; empties it unless <paramref name="keep"/>.</summary>
    public static async Task<DaveMailbox> OpenAsync(int imapPort, bool keep = false)
    {
        var client = new ImapClient { ServerCertificateValidationCallback = new UpstreamCertificateValidator(false, TestTls.CaPath).CreateCallback("127.0.0.1") };
        await client.ConnectAsync("127.0.0.1", imapPort, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(User, User + "pw");
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
        if (!keep && client.Inbox.Count > 0)
        {
            await client.Inbox.AddFlagsAsync(await client.Inbox.SearchAsync(SearchQuery.All), MessageFlags.Deleted, silent: true);
            await client.Inbox.ExpungeAsync();
        }

        return new DaveMailbox(client);
    }

    /// <summary>Appends raw message bytes (IMAP APPEND) and returns the new UID.</summary>
    public async Task<uint> AppendAsync(byte[] message, MessageFlags flags = MessageFlags.None)
    {
        using var stream = new MemoryStream(message);
        var parsed = await MimeKit.MimeMessage.LoadAsync(stream);
        var uid = await _client.Inbox.AppendAsync(parsed, flags);
        return uid?.Id ?? throw new InvalidOperationException("Dovecot returned no APPENDUID");
    }

    /// <summary>Appends a message to another of dave's folders and returns how many messages that folder holds.</summary>
    public async Task<int> AppendToAsync(string folderName, byte[] message)
    {
        var folder = await _client.GetFolderAsync(folderName);
        using var stream = new MemoryStream(message);
        await folder.AppendAsync(await MimeKit.MimeMessage.LoadAsync(stream), MessageFlags.None);
        await folder.StatusAsync(StatusItems.Count);
        return folder.Count;
    }

    /// <summary>UIDs in the INBOX now, ascending (a fresh SEARCH).</summary>
    public async Task<List<uint>> UidsAsync()
    {
        await SyncAsync();
        return [.. (await _client.Inbox.SearchAsync(SearchQuery.All)).Select(u => u.Id).Order()];
    }

    /// <summary>UIDs that carry \Deleted now.</summary>
    public async Task<List<uint>> DeletedUidsAsync()
    {
        await SyncAsync();
        return [.. (await _client.Inbox.SearchAsync(SearchQuery.Deleted)).Select(u => u.Id).Order()];
    }

    // NOOP lets Dovecot report what other sessions (the gateway's) changed; until then this session's view is older.
    private Task SyncAsync() => _client.NoOpAsync();

    /// <summary>RFC822.SIZE of each UID.</summary>
    public async Task<Dictionary<uint, long>> SizesAsync()
    {
        await SyncAsync();
        var summaries = await _client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Size);
        return summaries.ToDictionary(s => s.UniqueId.Id, s => (long)s.Size!.Value);
    }

    /// <summary>BODY.PEEK[] of a message.</summary>
    public async Task<byte[]> BodyAsync(uint uid)
    {
        using var stream = await _client.Inbox.GetStreamAsync(new UniqueId(UidValidity, uid));
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(quit: true);
        }

        _client.Dispose();
    }
}
