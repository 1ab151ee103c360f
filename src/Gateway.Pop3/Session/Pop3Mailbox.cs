using Gateway.Core.Upstream;
using Gateway.Pop3.Maildrop;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace Gateway.Pop3.Session;

/// <summary>The upstream side of a POP3 session: the user's IMAP mailbox, opened read-write on one MailKit connection.</summary>
internal sealed class Pop3Mailbox : IAsyncDisposable
{
    private readonly UpstreamImapConnection _connection;
    private readonly IMailFolder _folder;

    private Pop3Mailbox(UpstreamImapConnection connection, IMailFolder folder)
    {
        _connection = connection;
        _folder = folder;
    }

    /// <summary>Uses the IMAP fallback for the commit even when the server has UIDPLUS (tests of the fallback).</summary>
    internal bool ForceExpungeFallback { get; init; }

    /// <summary>Whether the server offers UID EXPUNGE (RFC 4315).</summary>
    public bool HasUidPlus => _connection.Client.Capabilities.HasFlag(ImapCapabilities.UidPlus);

    /// <summary>Selects <paramref name="name"/> (INBOX is case-insensitive); throws <see cref="FolderNotFoundException"/> if it does not exist.</summary>
    public static async Task<Pop3Mailbox> OpenAsync(UpstreamImapConnection connection, string name, bool forceExpungeFallback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = connection.Client;
        var folder = name.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(name, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        return new Pop3Mailbox(connection, folder) { ForceExpungeFallback = forceExpungeFallback };
    }

    /// <summary>Takes the maildrop snapshot: UIDVALIDITY, and UID and RFC822.SIZE of every message (<c>FETCH 1:* (UID RFC822.SIZE)</c>).</summary>
    /// <param name="sizeOf">Replaces the server's size of a message where a measured one is known.</param>
    public async Task<Pop3Maildrop> SnapshotAsync(Func<uint, uint, long, long> sizeOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sizeOf);
        var validity = _folder.UidValidity;
        if (_folder.Count == 0)
        {
            return new Pop3Maildrop(validity, []);
        }

        var summaries = await _folder.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, cancellationToken);
        return new Pop3Maildrop(validity, summaries.Select(s => (s.UniqueId.Id, sizeOf(validity, s.UniqueId.Id, s.Size ?? 0))));
    }

    /// <summary>
    /// Fetches <c>BODY.PEEK[]&lt;offset.count&gt;</c> of a message (never sets \Seen); null when the message no longer exists.
    /// </summary>
    /// <remarks>MailKit holds one fetched part in memory, so callers ask for bounded chunks, never the whole message.</remarks>
    public async Task<Stream?> FetchAsync(uint uid, int offset, int count, CancellationToken cancellationToken)
    {
        try
        {
            return await _folder.GetStreamAsync(new UniqueId(_folder.UidValidity, uid), offset, count, cancellationToken);
        }
        catch (MessageNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Keeps the upstream connection alive and lets the server report changes.</summary>
    public Task NoOpAsync(CancellationToken cancellationToken) => _connection.Client.NoOpAsync(cancellationToken);

    /// <summary>
    /// Removes exactly <paramref name="uids"/>: <c>UID STORE +FLAGS.SILENT (\Deleted)</c>, then <c>UID EXPUNGE</c> when the
    /// server has UIDPLUS. Without it, other messages that already carry \Deleted (the user's own marks from another
    /// client) are unmarked before a plain <c>EXPUNGE</c> and marked again afterwards, so they survive.
    /// </summary>
    /// <remarks>
    /// The fallback is not atomic: a message another client marks \Deleted between the SEARCH and the EXPUNGE is
    /// expunged with ours (it was marked for removal by its owner anyway), and one it unmarks in that window gets its
    /// mark back. UIDs the server no longer has are ignored by STORE and EXPUNGE.
    /// </remarks>
    public async Task CommitAsync(IReadOnlyList<uint> uids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        if (uids.Count == 0)
        {
            return;
        }

        var validity = _folder.UidValidity;
        var ours = uids.Select(u => new UniqueId(validity, u)).ToList();
        await _folder.AddFlagsAsync(ours, MessageFlags.Deleted, silent: true, cancellationToken);
        if (HasUidPlus && !ForceExpungeFallback)
        {
            await _folder.ExpungeAsync(ours, cancellationToken);
            return;
        }

        var mine = uids.ToHashSet();
        var others = (await _folder.SearchAsync(SearchQuery.Deleted, cancellationToken)).Where(u => !mine.Contains(u.Id)).ToList();
        if (others.Count > 0)
        {
            await _folder.RemoveFlagsAsync(others, MessageFlags.Deleted, silent: true, cancellationToken);
        }

        try
        {
            await _folder.ExpungeAsync(cancellationToken);
        }
        finally
        {
            if (others.Count > 0)
            {
                await _folder.AddFlagsAsync(others, MessageFlags.Deleted, silent: true, cancellationToken);
            }
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
