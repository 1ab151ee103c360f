using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Listening;
using Gateway.Core.Sasl;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.Pop3.Maildrop;
using Gateway.Pop3.Wire;
using MailKit;
using Microsoft.Extensions.Logging;

namespace Gateway.Pop3.Session;

/// <summary>
/// One client's POP3 dialogue (RFC 1939, CAPA RFC 2449, STLS RFC 2595, AUTH PLAIN RFC 5034) over the user's upstream
/// IMAP mailbox: AUTHORIZATION logs in upstream, TRANSACTION serves a snapshot taken at login, and only QUIT enters
/// UPDATE and removes the messages marked with DELE.
/// </summary>
/// <remarks>
/// Replies are written in command order, so pipelined commands (RFC 2449 §6.6) need nothing special. RETR and TOP
/// stream the message from IMAP in bounded chunks (<c>BODY.PEEK[]&lt;offset.count&gt;</c>, never \Seen) through
/// <see cref="Pop3BodyEncoder"/>; "+OK" is sent only after the first chunk arrived, so a message expunged elsewhere
/// gets "-ERR". A connection that ends any other way than QUIT commits nothing (RFC 1939 §6).
/// </remarks>
internal sealed partial class Pop3Session : IAsyncDisposable
{
    // RFC 5034 §4: a SASL response line may be long; command lines are at most 255 octets (RFC 2449 §4).
    private const int MaxLineBytes = 16 * 1024;
    private const int MaxErrors = 10;
    private const int MaxFailedLogins = 3;

    // Bounded memory per RETR: MailKit holds one fetched chunk; TOP starts small since it usually needs only the header.
    private const int FetchChunk = 256 * 1024;
    private const int TopFirstChunk = 16 * 1024;
    private const int EncodeBlock = 32 * 1024;

    private readonly Pop3Services _services;
    private readonly ILogger _logger;
    private readonly TrafficRecorder _recorder;

    // The client's stream below the traffic recorder: the socket, or TLS over it.
    private readonly Stream _transport;
    private Stream _stream;
    private PipeReader _reader;
    private bool _secure;

    // Session state; the session runs on one task, nothing here is shared.
    private string? _pendingUser;
    private string? _user;
    private Pop3Mailbox? _mailbox;
    private Pop3Maildrop? _maildrop;
    private bool _inResponse;
    private int _errors;
    private int _failedLogins;

    public Pop3Session(Pop3Services services, Stream stream, bool secure, TrafficRecorder recorder)
    {
        _services = services;
        _logger = services.Logger;
        _recorder = recorder;
        _secure = secure;
        _transport = stream;
        _stream = new RecordingStream(stream, recorder, TrafficDirection.FromClient, TrafficDirection.ToClient);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    private bool InTransaction => _maildrop is not null;

    private string MailboxName => _services.Options.Pop3.Mailbox;

    /// <summary>Closes the client's stream (the listener closes the socket in any case).</summary>
    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReplyAsync("+OK ScoGateway POP3 ready", cancellationToken);
            while (true)
            {
                var (line, tooLong) = await ReadLineAsync(cancellationToken);
                if (line is null)
                {
                    if (InTransaction)
                    {
                        Log.DroppedWithoutQuit(_logger, _user!, _maildrop!.DeletedUids.Count);
                    }

                    return;
                }

                if (tooLong)
                {
                    await ErrorAsync("-ERR line too long", cancellationToken);
                    continue;
                }

                if (!await ExecuteAsync(Pop3Command.Parse(line), cancellationToken))
                {
                    return;
                }

                if (_errors >= MaxErrors)
                {
                    await ReplyAsync("-ERR too many errors, closing", cancellationToken);
                    return;
                }
            }
        }
        catch (TimeoutException)
        {
            // RFC 1939 §3: the autologout timer ends the session without entering UPDATE.
            await TryReplyAsync("-ERR autologout: idle too long; nothing was deleted");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (!_inResponse)
            {
                await TryReplyAsync("-ERR [SYS/TEMP] the gateway is shutting down; nothing was deleted");
            }
        }
        catch (UpstreamFailedException e)
        {
            Log.UpstreamFailed(_logger, e.Message);
            if (!_inResponse)
            {
                await TryReplyAsync("-ERR [SYS/TEMP] lost the connection to the mail server; nothing was deleted");
            }
        }
        finally
        {
            await _reader.CompleteAsync();
            if (_mailbox is not null)
            {
                await _mailbox.DisposeAsync();
            }

            if (_user is not null)
            {
                Log.SessionBytes(_logger, _user, _recorder.BytesFromClient, _recorder.BytesToClient);
            }
        }
    }

    /// <returns>False when the session ends.</returns>
    private async Task<bool> ExecuteAsync(Pop3Command command, CancellationToken cancellationToken)
    {
        switch (command.Verb)
        {
            case "CAPA":
                await CapabilitiesAsync(cancellationToken);
                return true;
            case "QUIT":
                return await QuitAsync(cancellationToken);
            case "STLS":
                return await StartTlsAsync(cancellationToken);
            case "USER" or "PASS" or "AUTH" or "APOP" when InTransaction:
                await ErrorAsync("-ERR already logged in", cancellationToken);
                return true;
            case "USER":
                return await UserAsync(command, cancellationToken);
            case "PASS":
                return await PassAsync(command, cancellationToken);
            case "AUTH":
                return await AuthenticateAsync(command, cancellationToken);
            case "APOP":
                await ErrorAsync("-ERR APOP is not available; use USER/PASS or AUTH PLAIN", cancellationToken);
                return true;
            case "STAT" or "LIST" or "UIDL" or "RETR" or "TOP" or "DELE" or "RSET" or "NOOP" when !InTransaction:
                await ErrorAsync("-ERR log in first", cancellationToken);
                return true;
            case "STAT":
                await OkAsync(string.Create(CultureInfo.InvariantCulture, $"+OK {_maildrop!.Remaining} {_maildrop.RemainingOctets}"), cancellationToken);
                return true;
            case "LIST":
                await ListingAsync(command, n => _maildrop!.Size(n).ToString(CultureInfo.InvariantCulture), cancellationToken);
                return true;
            case "UIDL":
                await ListingAsync(command, n => _maildrop!.Uidl(n), cancellationToken);
                return true;
            case "RETR":
                await RetrieveAsync(command, top: false, cancellationToken);
                return true;
            case "TOP":
                await RetrieveAsync(command, top: true, cancellationToken);
                return true;
            case "DELE":
                await DeleteAsync(command, cancellationToken);
                return true;
            case "RSET":
                _maildrop!.Reset();
                await OkAsync(MaildropText(), cancellationToken);
                return true;
            case "NOOP":
                await UpstreamAsync(_mailbox!.NoOpAsync, cancellationToken);
                await OkAsync("+OK", cancellationToken);
                return true;
            default:
                Log.UnknownCommand(_logger, command.ToSanitizedString());
                await ErrorAsync("-ERR unknown command", cancellationToken);
                return true;
        }
    }

    private async Task CapabilitiesAsync(CancellationToken cancellationToken)
    {
        var lines = new StringBuilder("+OK capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\n");
        if (!InTransaction)
        {
            lines.Append("SASL PLAIN\r\n");
            if (!_secure && _services.Certificate is not null)
            {
                lines.Append("STLS\r\n");
            }
        }

        lines.Append("IMPLEMENTATION ScoGateway\r\n.\r\n");
        _errors = 0;
        await WriteAsync(lines.ToString(), flush: true, cancellationToken);
    }

    private async Task<bool> StartTlsAsync(CancellationToken cancellationToken)
    {
        if (InTransaction || _secure || _services.Certificate is null)
        {
            await ErrorAsync(InTransaction ? "-ERR STLS is allowed only before login" : "-ERR STLS not available", cancellationToken);
            return true;
        }

        await ReplyAsync("+OK begin TLS negotiation", cancellationToken);

        // Anything the client sent after STLS in clear is dropped with the old reader (RFC 2595 §4, the STARTTLS
        // command injection class of bugs): only bytes read through TLS count.
        await _reader.CompleteAsync();
        var (ssl, failure) = await ClientTls.AuthenticateAsync(_transport, _services.Certificate, leaveInnerStreamOpen: true, _services.ClientTimeout, cancellationToken);
        if (ssl is null)
        {
            Log.TlsFailed(_logger, failure!);
            _reader = PipeReader.Create(Stream.Null);
            return false;
        }

        _secure = true;
        _stream = new RecordingStream(ssl, _recorder, TrafficDirection.FromClient, TrafficDirection.ToClient);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _pendingUser = null;
        return true;
    }

    private async Task<bool> UserAsync(Pop3Command command, CancellationToken cancellationToken)
    {
        if (command.Arguments.Count != 1)
        {
            await ErrorAsync("-ERR syntax: USER name", cancellationToken);
            return true;
        }

        _pendingUser = command.Arguments[0];
        await OkAsync("+OK send PASS", cancellationToken);
        return true;
    }

    private async Task<bool> PassAsync(Pop3Command command, CancellationToken cancellationToken)
    {
        if (_pendingUser is not { } user)
        {
            await ErrorAsync("-ERR send USER first", cancellationToken);
            return true;
        }

        _pendingUser = null;
        if (command.Rest.Length == 0)
        {
            await ErrorAsync("-ERR syntax: PASS password", cancellationToken);
            return true;
        }

        return await LoginAsync(user, command.Rest, cancellationToken);
    }

    // auth = "AUTH" SP sasl-mech [SP initial-response] *(CRLF [base64]) [CRLF cancel-response] CRLF   ; RFC 5034 §4
    private async Task<bool> AuthenticateAsync(Pop3Command command, CancellationToken cancellationToken)
    {
        if (command.Arguments.Count == 0)
        {
            // Note: Outlook's old-style SASL discovery sends a bare "AUTH" (Cyrus pop3d accepts it): list the mechanisms.
            _errors = 0;
            await WriteAsync("+OK\r\nPLAIN\r\n.\r\n", flush: true, cancellationToken);
            return true;
        }

        if (!command.Arguments[0].Equals("PLAIN", StringComparison.OrdinalIgnoreCase) || command.Arguments.Count > 2)
        {
            await ErrorAsync("-ERR unsupported authentication mechanism; use PLAIN", cancellationToken);
            return true;
        }

        string response;
        if (command.Arguments.Count == 2)
        {
            response = command.Arguments[1];
        }
        else
        {
            await ReplyAsync("+ ", cancellationToken);
            var (line, tooLong) = await ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return false;
            }

            if (tooLong || line.Trim() == "*")
            {
                await ErrorAsync(tooLong ? "-ERR AUTH response too long" : "-ERR authentication cancelled", cancellationToken);
                return true;
            }

            response = line.Trim();
        }

        if (!SaslPlain.TryDecodeBase64(response, out var bytes) || !SaslPlain.TryParse(bytes, out var user, out var password))
        {
            await ErrorAsync("-ERR cannot decode the AUTH PLAIN response", cancellationToken);
            return true;
        }

        return await LoginAsync(user, password, cancellationToken);
    }

    /// <summary>Logs in upstream, remembers the password for the SMTP spool, selects the mailbox and takes the snapshot.</summary>
    private async Task<bool> LoginAsync(string user, string password, CancellationToken cancellationToken)
    {
        var (check, connection) = await UpstreamImapConnection.OpenAsync(_services.Options.Upstream, user, password, cancellationToken);
        switch (check.Outcome)
        {
            case CredentialCheckOutcome.Rejected:
                Log.LoginRejected(_logger, user);
                await ErrorAsync("-ERR [AUTH] invalid user name or password", cancellationToken);
                return ++_failedLogins < MaxFailedLogins;
            case CredentialCheckOutcome.Unavailable:
                Log.UpstreamUnavailable(_logger, user, check.Reason ?? "");
                await ErrorAsync("-ERR [SYS/TEMP] the mail server cannot be reached now; try again later", cancellationToken);
                return true;
        }

        _services.Credentials.Remember(user, password);
        _recorder.User = user;
        try
        {
            _mailbox = await Pop3Mailbox.OpenAsync(connection!, MailboxName, _services.ForceExpungeFallback, cancellationToken);
            _maildrop = await _mailbox.SnapshotAsync(
                (validity, uid, size) => _services.Sizes.TryGet(user, MailboxName, validity, uid, out var measured) ? measured : size,
                cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            await DisposeUpstreamAsync(connection!);
            Log.MailboxMissing(_logger, user, MailboxName);
            await ReplyAsync($"-ERR [SYS/PERM] mailbox {MailboxName} does not exist on the mail server", cancellationToken);
            return false;
        }
        catch (Exception e) when (IsUpstreamFailure(e, cancellationToken))
        {
            await DisposeUpstreamAsync(connection!);
            Log.UpstreamFailed(_logger, e.Message);
            await ReplyAsync($"-ERR [SYS/TEMP] cannot open {MailboxName} on the mail server; try again later", cancellationToken);
            return false;
        }

        _user = user;
        Log.LoggedIn(_logger, user, _maildrop.Count, _maildrop.UidValidity);
        await OkAsync(MaildropText(), cancellationToken);
        return true;
    }

    private async Task DisposeUpstreamAsync(UpstreamImapConnection connection)
    {
        _mailbox = null;
        _maildrop = null;
        await connection.DisposeAsync();
    }

    private string MaildropText() =>
        string.Create(CultureInfo.InvariantCulture, $"+OK maildrop has {_maildrop!.Remaining} messages ({_maildrop.RemainingOctets} octets)");

    // LIST [msg] and UIDL [msg]: one line "n value" with an argument, else a multi-line listing of undeleted messages.
    private async Task ListingAsync(Pop3Command command, Func<int, string> value, CancellationToken cancellationToken)
    {
        var maildrop = _maildrop!;
        if (command.Arguments.Count > 0)
        {
            if (await MessageNumberAsync(command.Arguments[0], cancellationToken) is { } number)
            {
                await OkAsync(string.Create(CultureInfo.InvariantCulture, $"+OK {number} {value(number)}"), cancellationToken);
            }

            return;
        }

        var text = new StringBuilder(command.Verb == "LIST" ? MaildropText() : "+OK unique-id listing follows").Append("\r\n");
        for (var n = 1; n <= maildrop.Count; n++)
        {
            if (maildrop.IsAvailable(n))
            {
                text.Append(n).Append(' ').Append(value(n)).Append("\r\n");
                if (text.Length > EncodeBlock)
                {
                    await WriteAsync(text.ToString(), flush: false, cancellationToken);
                    text.Clear();
                }
            }
        }

        _errors = 0;
        await WriteAsync(text.Append(".\r\n").ToString(), flush: true, cancellationToken);
    }

    /// <summary>Parses a message number and checks it names an undeleted message; answers -ERR and returns null if not.</summary>
    private async Task<int?> MessageNumberAsync(string text, CancellationToken cancellationToken)
    {
        if (!Pop3Command.TryParseNumber(text, out var number))
        {
            await ErrorAsync("-ERR invalid message number", cancellationToken);
            return null;
        }

        if (!_maildrop!.IsAvailable(number))
        {
            await ErrorAsync(_maildrop.IsDeleted(number) ? $"-ERR message {number} already deleted" : $"-ERR no such message, only {_maildrop.Count} in maildrop", cancellationToken);
            return null;
        }

        return number;
    }

    private async Task DeleteAsync(Pop3Command command, CancellationToken cancellationToken)
    {
        if (command.Arguments.Count != 1)
        {
            await ErrorAsync("-ERR syntax: DELE msg", cancellationToken);
            return;
        }

        if (await MessageNumberAsync(command.Arguments[0], cancellationToken) is { } number)
        {
            _maildrop!.Delete(number);
            await OkAsync($"+OK message {number} deleted", cancellationToken);
        }
    }

    // retr = "RETR" SP msg ; top = "TOP" SP msg SP n   ; RFC 1939 §5 and §7
    private async Task RetrieveAsync(Pop3Command command, bool top, CancellationToken cancellationToken)
    {
        if (command.Arguments.Count != (top ? 2 : 1))
        {
            await ErrorAsync(top ? "-ERR syntax: TOP msg n" : "-ERR syntax: RETR msg", cancellationToken);
            return;
        }

        var lines = -1;
        if (top && !Pop3Command.TryParseNumber(command.Arguments[1], out lines))
        {
            await ErrorAsync("-ERR invalid number of lines", cancellationToken);
            return;
        }

        if (await MessageNumberAsync(command.Arguments[0], cancellationToken) is not { } number)
        {
            return;
        }

        var maildrop = _maildrop!;
        var uid = maildrop.Uid(number);
        var chunk = top ? TopFirstChunk : FetchChunk;
        var part = await UpstreamAsync(t => _mailbox!.FetchAsync(uid, 0, chunk, t), cancellationToken);
        if (part is null)
        {
            await ErrorAsync($"-ERR message {number} was removed from the mail server by another client", cancellationToken);
            return;
        }

        _inResponse = true;
        var announced = maildrop.Size(number);
        await WriteAsync(top ? "+OK top of message follows\r\n" : string.Create(CultureInfo.InvariantCulture, $"+OK {announced} octets\r\n"), flush: false, cancellationToken);
        var encoder = new Pop3BodyEncoder(lines);
        var input = ArrayPool<byte>.Shared.Rent(EncodeBlock);
        var output = ArrayPool<byte>.Shared.Rent(EncodeBlock * 2);
        try
        {
            var offset = 0L;
            while (true)
            {
                var got = 0;
                await using (part)
                {
                    int read;
                    while (!encoder.Done && (read = await part.ReadAsync(input.AsMemory(0, EncodeBlock), cancellationToken)) > 0)
                    {
                        got += read;
                        var written = encoder.Encode(input.AsSpan(0, read), output);
                        await _stream.WriteAsync(output.AsMemory(0, written), cancellationToken);
                    }
                }

                offset += got;
                if (encoder.Done || got < chunk)
                {
                    break;
                }

                if (offset > int.MaxValue - chunk)
                {
                    throw new UpstreamFailedException($"message UID {uid} is larger than 2 GB");
                }

                chunk = Math.Min(chunk * 2, FetchChunk);
                var start = (int)offset;
                part = await UpstreamAsync(t => _mailbox!.FetchAsync(uid, start, chunk, t), cancellationToken)
                    ?? throw new UpstreamFailedException($"message UID {uid} was expunged upstream while it was being sent");
            }

            await WriteAsync(encoder.AtLineStart ? ".\r\n" : "\r\n.\r\n", flush: true, cancellationToken);
            _inResponse = false;
            _errors = 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }

        if (!top && encoder.Size != announced)
        {
            Log.SizeMismatch(_logger, uid, announced, encoder.Size);
            _services.Sizes.Remember(_user!, MailboxName, maildrop.UidValidity, uid, encoder.Size);
        }
    }

    private async Task<bool> QuitAsync(CancellationToken cancellationToken)
    {
        if (!InTransaction)
        {
            await ReplyAsync("+OK ScoGateway POP3 signing off", cancellationToken);
            return false;
        }

        // UPDATE state (RFC 1939 §6).
        var deleted = _maildrop!.DeletedUids;
        if (deleted.Count > 0 && _services.Options.Pop3.IgnoreDelete)
        {
            Log.DeletesIgnored(_logger, _user!, deleted.Count);
            await ReplyAsync("+OK ScoGateway POP3 signing off (messages are kept on the server by the administrator's setting)", cancellationToken);
            return false;
        }

        try
        {
            await UpstreamAsync(t => _mailbox!.CommitAsync(deleted, t), cancellationToken);
        }
        catch (UpstreamFailedException e)
        {
            Log.CommitFailed(_logger, _user!, deleted.Count, e.Message);
            await ReplyAsync("-ERR [SYS/TEMP] some deleted messages were not removed", cancellationToken);
            return false;
        }

        if (deleted.Count > 0)
        {
            Log.Committed(_logger, _user!, deleted.Count, _mailbox!.HasUidPlus && !_services.ForceExpungeFallback ? "UID EXPUNGE" : "EXPUNGE fallback");
        }

        await ReplyAsync(string.Create(CultureInfo.InvariantCulture, $"+OK ScoGateway POP3 signing off ({deleted.Count} messages deleted)"), cancellationToken);
        return false;
    }

    private static bool IsUpstreamFailure(Exception e, CancellationToken cancellationToken) =>
        e is IOException or SocketException or ProtocolException or CommandException or ServiceNotConnectedException or TimeoutException
            or ObjectDisposedException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static async Task UpstreamAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await call(cancellationToken);
        }
        catch (Exception e) when (IsUpstreamFailure(e, cancellationToken))
        {
            throw new UpstreamFailedException(e.Message, e);
        }
    }

    private static async Task<T> UpstreamAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken);
        }
        catch (Exception e) when (IsUpstreamFailure(e, cancellationToken))
        {
            throw new UpstreamFailedException(e.Message, e);
        }
    }

    private Task<(string? Line, bool TooLong)> ReadLineAsync(CancellationToken cancellationToken) =>
        ClientLines.ReadLineAsync(_reader, MaxLineBytes, _services.ClientTimeout, cancellationToken);

    private ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken) =>
        ClientLines.ReadAsync(_reader, _services.ClientTimeout, cancellationToken);

    private Task OkAsync(string reply, CancellationToken cancellationToken)
    {
        _errors = 0;
        return ReplyAsync(reply, cancellationToken);
    }

    private Task ErrorAsync(string reply, CancellationToken cancellationToken)
    {
        _errors++;
        return ReplyAsync(reply, cancellationToken);
    }

    private Task ReplyAsync(string reply, CancellationToken cancellationToken) => WriteAsync(reply + "\r\n", flush: true, cancellationToken);

    private async Task WriteAsync(string text, bool flush, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        if (flush)
        {
            await _stream.FlushAsync(cancellationToken);
        }
    }

    private async Task TryReplyAsync(string reply)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await ReplyAsync(reply, timeout.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
        {
            // The client is gone already.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5010, LogLevel.Information, "{User} logged in: {Count} messages, UIDVALIDITY {UidValidity}")]
        public static partial void LoggedIn(ILogger logger, string user, int count, uint uidValidity);

        [LoggerMessage(5011, LogLevel.Information, "login of {User} rejected")]
        public static partial void LoginRejected(ILogger logger, string user);

        [LoggerMessage(5012, LogLevel.Warning, "login of {User}: the mail server is unavailable: {Reason}")]
        public static partial void UpstreamUnavailable(ILogger logger, string user, string reason);

        [LoggerMessage(5013, LogLevel.Warning, "mailbox {Mailbox} of {User} does not exist upstream (Pop3:Mailbox)")]
        public static partial void MailboxMissing(ILogger logger, string user, string mailbox);

        [LoggerMessage(5014, LogLevel.Warning, "upstream IMAP connection failed: {Reason}; the session ends without deleting anything")]
        public static partial void UpstreamFailed(ILogger logger, string reason);

        [LoggerMessage(5015, LogLevel.Information, "{User} ended the session: {Count} messages removed upstream ({Method})")]
        public static partial void Committed(ILogger logger, string user, int count, string method);

        [LoggerMessage(5016, LogLevel.Warning, "{User}: removing {Count} messages upstream failed: {Reason}")]
        public static partial void CommitFailed(ILogger logger, string user, int count, string reason);

        [LoggerMessage(5017, LogLevel.Information, "{User}: {Count} DELE marks ignored (Pop3:IgnoreDelete)")]
        public static partial void DeletesIgnored(ILogger logger, string user, int count);

        [LoggerMessage(5018, LogLevel.Information, "{User} disconnected without QUIT: {Count} DELE marks discarded")]
        public static partial void DroppedWithoutQuit(ILogger logger, string user, int count);

        [LoggerMessage(5019, LogLevel.Warning, "message UID {Uid}: the server's RFC822.SIZE {Announced} differs from the {Actual} octets sent; later sessions report {Actual}")]
        public static partial void SizeMismatch(ILogger logger, uint uid, long announced, long actual);

        [LoggerMessage(5020, LogLevel.Information, "client TLS handshake failed after STLS: {Reason}")]
        public static partial void TlsFailed(ILogger logger, string reason);

        [LoggerMessage(5021, LogLevel.Debug, "unknown command {Command}")]
        public static partial void UnknownCommand(ILogger logger, string command);

        [LoggerMessage(5022, LogLevel.Information, "session of {User} ended: {FromClient} bytes from the client, {ToClient} bytes to it")]
        public static partial void SessionBytes(ILogger logger, string user, long fromClient, long toClient);
    }
}
