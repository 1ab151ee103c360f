using Gateway.Core.Configuration;
using Gateway.Core.Upstream;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Gateway.FreeBusy.Forwarders;

/// <summary>
/// An IMAP free/busy store: each file is a message with the subject <c>&lt;name&gt;</c> and the file as a
/// <c>text/calendar</c> part, in <c>FreeBusy:ImapFolder</c> of the mailbox it logs in to; older messages of
/// the same name are expunged after a new one is stored.
/// </summary>
/// <remarks><c>imaps://</c> is implicit TLS; <c>imap://</c> uses STARTTLS when the server offers it, as <c>scogw ping</c> does.</remarks>
internal sealed class ImapTarget : IFreeBusyTarget
{
    private readonly Uri _url;
    private readonly string _folder;
    private readonly UpstreamCertificateValidator _validator;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _readTimeout;

    public ImapTarget(Uri url, FreeBusyUpstreamOptions options, UpstreamOptions upstream, string folder)
    {
        _url = url;
        _folder = folder;
        _validator = UpstreamCertificateValidator.For(options);
        _connectTimeout = TimeSpan.FromSeconds(upstream.ConnectTimeoutSeconds);
        _readTimeout = TimeSpan.FromSeconds(upstream.ReadTimeoutSeconds);
    }

    public string Description => $"{_url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)} folder {_folder}";

    public async Task PutAsync(string name, UpstreamCredentials? credentials, Stream content, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(credentials, cancellationToken);
        var folder = await GetOrCreateFolderAsync(client, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("ScoGateway free/busy", credentials!.User.Contains('@', StringComparison.Ordinal) ? credentials.User : $"{credentials.User}@localhost"));
        message.To.Add(message.From[0]);
        message.Subject = name;
        message.Date = DateTimeOffset.UtcNow;
        message.Body = new MimePart("text", "calendar")
        {
            Content = new MimeContent(content),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = name,
        };
        var appended = await folder.AppendAsync(message, MessageFlags.Seen, cancellationToken);
        var older = (await folder.SearchAsync(SearchQuery.SubjectContains(name), cancellationToken))
            .Where(uid => appended is null || uid != appended.Value).ToList();
        if (older.Count > 0 && appended is not null)
        {
            await folder.AddFlagsAsync(older, MessageFlags.Deleted, silent: true, cancellationToken);
            if (client.Capabilities.HasFlag(ImapCapabilities.UidPlus))
            {
                await folder.ExpungeAsync(older, cancellationToken);
            }
            else
            {
                await folder.ExpungeAsync(cancellationToken);
            }
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    public async Task DeleteAsync(string name, UpstreamCredentials? credentials, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(credentials, cancellationToken);
        IMailFolder folder;
        try
        {
            folder = await client.GetFolderAsync(_folder, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            return;
        }

        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var all = await folder.SearchAsync(SearchQuery.SubjectContains(name), cancellationToken);
        if (all.Count > 0)
        {
            await folder.AddFlagsAsync(all, MessageFlags.Deleted, silent: true, cancellationToken);
            await folder.ExpungeAsync(cancellationToken);
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    public async Task<bool> TryGetAsync(string name, UpstreamCredentials? credentials, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(credentials, cancellationToken);
        IMailFolder folder;
        try
        {
            folder = await client.GetFolderAsync(_folder, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            return false;
        }

        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var uids = await folder.SearchAsync(SearchQuery.SubjectContains(name), cancellationToken);
        if (uids.Count == 0)
        {
            return false;
        }

        var message = await folder.GetMessageAsync(uids.Max(), cancellationToken);
        if (message.BodyParts.OfType<MimePart>().FirstOrDefault(p => p.ContentType.IsMimeType("text", "calendar")) is not { Content: { } calendar })
        {
            return false;
        }

        await using (var decoded = calendar.Open())
        {
            await LimitedCopy.CopyAsync(decoded, destination, maxBytes, cancellationToken);
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        return true;
    }

    private async Task<ImapClient> ConnectAsync(UpstreamCredentials? credentials, CancellationToken cancellationToken)
    {
        if (credentials is null)
        {
            throw new FreeBusyUpstreamException("an imap:// free/busy store needs the user's login or FreeBusy:ServiceUser");
        }

        var secure = _url.Scheme == "imaps";
        var port = _url.IsDefaultPort || _url.Port <= 0 ? (secure ? 993 : 143) : _url.Port;
        var socket = await UpstreamConnector.ConnectAsync(_url.Host, port, _connectTimeout, cancellationToken);
        var client = new ImapClient { Timeout = (int)_readTimeout.TotalMilliseconds, ServerCertificateValidationCallback = _validator.CreateCallback(_url.Host) };
        try
        {
            await client.ConnectAsync(socket, _url.Host, port, secure ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
            client.AuthenticationMechanisms.Remove("XOAUTH2");
            client.AuthenticationMechanisms.Remove("OAUTHBEARER");
            await client.AuthenticateAsync(credentials.User, credentials.Password, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
    }

    private async Task<IMailFolder> GetOrCreateFolderAsync(ImapClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetFolderAsync(_folder, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            return await root.CreateAsync(_folder, isMessageFolder: true, cancellationToken)
                ?? throw new FreeBusyUpstreamException($"cannot create the folder {_folder}");
        }
    }
}
