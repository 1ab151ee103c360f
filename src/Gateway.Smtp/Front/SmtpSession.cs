using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Security;
using System.Text;
using Gateway.Core.Listening;
using Gateway.Core.Sasl;
using Gateway.Core.TrafficLog;
using Gateway.Smtp.Relay;
using Gateway.Smtp.Spool;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Gateway.Smtp.Front;

/// <summary>
/// One client's SMTP dialogue (RFC 5321 with ESMTP AUTH, STARTTLS, SIZE, 8BITMIME, SMTPUTF8, PIPELINING):
/// authenticate, check the sender, receive the message into a file, relay it upstream as the user, and spool
/// it when the upstream cannot take it now.
/// </summary>
/// <remarks>
/// The message is streamed: DATA is decoded chunk by chunk into a file under the spool's <c>tmp/</c>, relayed
/// from that file, and either deleted (delivered or refused) or flushed and renamed into the spool before the
/// client gets 250. Replies are written in command order, so pipelined commands need nothing special.
/// </remarks>
internal sealed partial class SmtpSession : IAsyncDisposable
{
    // RFC 4954 §4: a SASL response line may be up to 12288 octets; command lines are far shorter.
    private const int MaxLineBytes = 16 * 1024;
    private const int MaxRecipients = 1000;
    private const int MaxErrors = 10;

    // Used when neither Smtp:MaxMessageSizeKB nor the upstream server gives a limit: the spool must not fill the disk.
    private const long FallbackMaxSize = 64L * 1024 * 1024;

    private readonly SmtpFrontServices _services;
    private readonly ILogger _logger;
    private readonly TrafficRecorder _recorder;

    // The client's stream below the traffic recorder: the socket, or TLS over it.
    private readonly Stream _transport;
    private Stream _stream;
    private PipeReader _reader;
    private bool _secure;

    // Session state; the session runs on one task, nothing here is shared.
    private string? _helo;
    private string? _user;
    private string? _password;
    private string? _sender;
    private readonly List<string> _recipients = [];
    private int _errors;

    public SmtpSession(SmtpFrontServices services, Stream stream, bool secure, TrafficRecorder recorder)
    {
        _services = services;
        _logger = services.Logger;
        _recorder = recorder;
        _secure = secure;
        _transport = stream;
        _stream = new RecordingStream(stream, recorder, TrafficDirection.FromClient, TrafficDirection.ToClient);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    private long MaxSize
    {
        get
        {
            var configured = _services.Options.Smtp.MaxMessageSizeKB;
            if (configured > 0)
            {
                return configured * 1024L;
            }

            var upstream = _services.Capabilities.Current;
            return upstream.Known && upstream.MaxSize > 0 ? upstream.MaxSize : FallbackMaxSize;
        }
    }

    /// <summary>Closes the client's stream (the listener closes the socket in any case).</summary>
    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var relay = new MessageRelay(_services.Connector, _services.Time);
        try
        {
            await ReplyAsync($"220 {_services.HostName} ESMTP ScoGateway", cancellationToken);
            while (true)
            {
                var (line, tooLong) = await ReadLineAsync(cancellationToken);
                if (line is null)
                {
                    return;
                }

                if (tooLong)
                {
                    await ErrorAsync("500 5.5.6 line too long", cancellationToken);
                    continue;
                }

                var command = SmtpCommand.Parse(line);
                if (!await ExecuteAsync(command, relay, cancellationToken) || _errors >= MaxErrors)
                {
                    if (_errors >= MaxErrors)
                    {
                        await ReplyAsync("421 4.7.0 too many errors, closing", cancellationToken);
                    }

                    return;
                }
            }
        }
        catch (TimeoutException)
        {
            await TryReplyAsync("421 4.4.2 idle too long, closing");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await TryReplyAsync("421 4.3.2 the gateway is shutting down");
        }
        finally
        {
            await _reader.CompleteAsync();
            if (_user is not null)
            {
                Log.SessionBytes(_logger, _user, _recorder.BytesFromClient, _recorder.BytesToClient);
            }
        }
    }

    /// <returns>False when the session ends.</returns>
    private async Task<bool> ExecuteAsync(SmtpCommand command, MessageRelay relay, CancellationToken cancellationToken)
    {
        switch (command.Verb)
        {
            case "EHLO":
            case "HELO":
                await HelloAsync(command, cancellationToken);
                return true;
            case "STARTTLS":
                return await StartTlsAsync(command, cancellationToken);
            case "AUTH":
                await AuthenticateAsync(command, cancellationToken);
                return true;
            case "MAIL":
                await MailAsync(command, cancellationToken);
                return true;
            case "RCPT":
                await RecipientAsync(command, cancellationToken);
                return true;
            case "DATA":
                return await DataAsync(relay, cancellationToken);
            case "RSET":
                ResetTransaction();
                await OkAsync("250 2.0.0 Ok", cancellationToken);
                return true;
            case "NOOP":
                await OkAsync("250 2.0.0 Ok", cancellationToken);
                return true;
            case "VRFY":
                await OkAsync("252 2.5.2 cannot verify, but will try to deliver", cancellationToken);
                return true;
            case "HELP":
                await OkAsync("214 2.0.0 EHLO AUTH MAIL RCPT DATA RSET NOOP QUIT STARTTLS", cancellationToken);
                return true;
            case "QUIT":
                await ReplyAsync("221 2.0.0 Bye", cancellationToken);
                return false;
            default:
                Log.UnknownCommand(_logger, command.ToSanitizedString());
                await ErrorAsync("502 5.5.2 command not recognized", cancellationToken);
                return true;
        }
    }

    private async Task HelloAsync(SmtpCommand command, CancellationToken cancellationToken)
    {
        if (command.Argument.Length == 0)
        {
            await ErrorAsync($"501 5.5.4 syntax: {command.Verb} hostname", cancellationToken);
            return;
        }

        _helo = command.Argument;
        ResetTransaction();
        if (command.Verb == "HELO")
        {
            await OkAsync($"250 {_services.HostName}", cancellationToken);
            return;
        }

        var upstream = _services.Capabilities.Current;
        var lines = new List<string> { $"{_services.HostName} greets {_helo}", "PIPELINING" };
        var configured = _services.Options.Smtp.MaxMessageSizeKB;
        lines.Add(configured > 0 || (upstream.Known && upstream.MaxSize > 0) ? $"SIZE {MaxSize.ToString(CultureInfo.InvariantCulture)}" : "SIZE");
        if (upstream.EightBitMime)
        {
            lines.Add("8BITMIME");
        }

        if (upstream.SmtpUtf8)
        {
            lines.Add("SMTPUTF8");
        }

        lines.Add("ENHANCEDSTATUSCODES");
        if (!_secure && _services.Certificate is not null)
        {
            lines.Add("STARTTLS");
        }

        if (_user is null)
        {
            lines.Add("AUTH PLAIN LOGIN");

            // Note: Outlook Express and Outlook 97-2000 look for the pre-RFC "AUTH=" form (Postfix: broken_sasl_auth_clients).
            lines.Add("AUTH=PLAIN LOGIN");
        }

        var reply = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            reply.Append("250").Append(i == lines.Count - 1 ? ' ' : '-').Append(lines[i]).Append("\r\n");
        }

        _errors = 0;
        await WriteAsync(reply.ToString(), cancellationToken);
    }

    private async Task<bool> StartTlsAsync(SmtpCommand command, CancellationToken cancellationToken)
    {
        if (_secure || _services.Certificate is null)
        {
            await ErrorAsync("502 5.5.1 STARTTLS not available", cancellationToken);
            return true;
        }

        if (command.Argument.Length > 0)
        {
            await ErrorAsync("501 5.5.4 syntax: STARTTLS", cancellationToken);
            return true;
        }

        await ReplyAsync("220 2.0.0 Ready to start TLS", cancellationToken);

        // Anything the client sent after STARTTLS in clear is dropped with the old reader (RFC 3207 §4.2,
        // the STARTTLS command injection class of bugs): only bytes read through TLS count.
        await _reader.CompleteAsync();
        var ssl = new SslStream(_transport, leaveInnerStreamOpen: true);
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            handshake.CancelAfter(TimeSpan.FromSeconds(_services.Options.Smtp.ClientTimeoutSeconds));
            try
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _services.Certificate }, handshake.Token);
            }
            catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Log.TlsFailed(_logger, e.Message);
                await ssl.DisposeAsync();
                _reader = PipeReader.Create(Stream.Null);
                return false;
            }
        }

        _secure = true;
        _stream = new RecordingStream(ssl, _recorder, TrafficDirection.FromClient, TrafficDirection.ToClient);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));

        // RFC 3207 §4.2: the client must start over with EHLO; nothing learned in clear is kept.
        _helo = null;
        _user = null;
        _password = null;
        ResetTransaction();
        return true;
    }

    private async Task AuthenticateAsync(SmtpCommand command, CancellationToken cancellationToken)
    {
        if (_user is not null)
        {
            await ErrorAsync("503 5.5.1 already authenticated", cancellationToken);
            return;
        }

        if (_sender is not null)
        {
            await ErrorAsync("503 5.5.1 AUTH not allowed during a mail transaction", cancellationToken);
            return;
        }

        var parts = command.Argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var mechanism = parts.Length > 0 ? parts[0].ToUpperInvariant() : "";
        var initial = parts.Length > 1 ? parts[1] : null;
        string user;
        string password;
        switch (mechanism)
        {
            case "PLAIN":
                {
                    var response = initial ?? await ChallengeAsync("", cancellationToken);
                    if (response is null)
                    {
                        return;
                    }

                    if (!SaslPlain.TryDecodeBase64(response, out var bytes) || !SaslPlain.TryParse(bytes, out user, out password))
                    {
                        await ErrorAsync("501 5.5.2 cannot decode the AUTH PLAIN response", cancellationToken);
                        return;
                    }

                    break;
                }

            case "LOGIN":
                {
                    var userText = initial ?? await ChallengeAsync("VXNlcm5hbWU6", cancellationToken);
                    if (userText is null)
                    {
                        return;
                    }

                    var passwordText = await ChallengeAsync("UGFzc3dvcmQ6", cancellationToken);
                    if (passwordText is null)
                    {
                        return;
                    }

                    if (!SaslPlain.TryDecodeBase64(userText, out var userBytes) || !SaslPlain.TryDecodeBase64(passwordText, out var passwordBytes))
                    {
                        await ErrorAsync("501 5.5.2 cannot decode the AUTH LOGIN response", cancellationToken);
                        return;
                    }

                    user = Encoding.UTF8.GetString(userBytes);
                    password = Encoding.UTF8.GetString(passwordBytes);
                    break;
                }

            default:
                await ErrorAsync("504 5.5.4 unrecognized authentication type; use PLAIN or LOGIN", cancellationToken);
                return;
        }

        var check = await _services.Credentials.VerifyAsync(user, password, cancellationToken);
        switch (check.Outcome)
        {
            case Gateway.Core.Upstream.CredentialCheckOutcome.Accepted:
                _user = user;
                _password = password;
                _recorder.User = user;
                Log.LoggedIn(_logger, user);
                await OkAsync("235 2.7.0 Authentication successful", cancellationToken);
                return;
            case Gateway.Core.Upstream.CredentialCheckOutcome.Rejected:
                Log.LoginRejected(_logger, user);
                await ErrorAsync("535 5.7.8 Authentication credentials invalid", cancellationToken);
                return;
            default:
                await ErrorAsync($"454 4.7.0 Temporary authentication failure: {check.Reason}", cancellationToken);
                return;
        }
    }

    /// <summary>Sends a 334 challenge and reads the answer; null (after a 501) when the client cancels with <c>*</c>.</summary>
    private async Task<string?> ChallengeAsync(string challenge, CancellationToken cancellationToken)
    {
        await ReplyAsync(challenge.Length == 0 ? "334 " : $"334 {challenge}", cancellationToken);
        var (line, tooLong) = await ReadLineAsync(cancellationToken);
        if (line is null)
        {
            throw new IOException("the client closed the connection during AUTH");
        }

        if (tooLong || line == "*")
        {
            await ErrorAsync(tooLong ? "500 5.5.6 AUTH response too long" : "501 5.0.0 authentication cancelled", cancellationToken);
            return null;
        }

        return line.Trim();
    }

    private async Task MailAsync(SmtpCommand command, CancellationToken cancellationToken)
    {
        if (_helo is null)
        {
            await ErrorAsync("503 5.5.1 send EHLO first", cancellationToken);
            return;
        }

        if (_user is null)
        {
            await ErrorAsync("530 5.7.0 Authentication required", cancellationToken);
            return;
        }

        if (_sender is not null)
        {
            await ErrorAsync("503 5.5.1 nested MAIL command", cancellationToken);
            return;
        }

        if (!SmtpPathArgument.TryParse(command.Argument, "FROM:", out var path, out var error))
        {
            await ErrorAsync($"501 5.5.4 {error}", cancellationToken);
            return;
        }

        foreach (var (keyword, value) in path.Parameters)
        {
            var known = keyword switch
            {
                "SIZE" => path.DeclaredSize is not null,
                "BODY" => value is not null && (value.Equals("7BIT", StringComparison.OrdinalIgnoreCase) || value.Equals("8BITMIME", StringComparison.OrdinalIgnoreCase)),
                "SMTPUTF8" => value is null && _services.Capabilities.Current.SmtpUtf8,
                "AUTH" => true,
                _ => false,
            };
            if (!known)
            {
                await ErrorAsync($"555 5.5.4 MAIL parameter {keyword} not supported", cancellationToken);
                return;
            }
        }

        if (path.DeclaredSize > MaxSize)
        {
            await ErrorAsync($"552 5.3.4 message size exceeds the limit of {MaxSize} bytes", cancellationToken);
            return;
        }

        if (!_services.Senders.IsAllowed(_user, path.Address))
        {
            Log.SenderRefused(_logger, _user, path.Address);
            await ErrorAsync($"553 5.7.1 <{path.Address}>: sender address not owned by user {_user}", cancellationToken);
            return;
        }

        _sender = path.Address;
        await OkAsync("250 2.1.0 Ok", cancellationToken);
    }

    private async Task RecipientAsync(SmtpCommand command, CancellationToken cancellationToken)
    {
        if (_sender is null)
        {
            await ErrorAsync(_user is null ? "530 5.7.0 Authentication required" : "503 5.5.1 need MAIL before RCPT", cancellationToken);
            return;
        }

        if (!SmtpPathArgument.TryParse(command.Argument, "TO:", out var path, out var error) || path.Address.Length == 0)
        {
            await ErrorAsync($"501 5.5.4 {(error.Length > 0 ? error : "syntax: RCPT TO:<address>")}", cancellationToken);
            return;
        }

        if (path.Parameters.Count > 0)
        {
            await ErrorAsync($"555 5.5.4 RCPT parameter {path.Parameters.Keys.First()} not supported", cancellationToken);
            return;
        }

        if (_recipients.Count >= MaxRecipients)
        {
            await ErrorAsync("452 4.5.3 too many recipients", cancellationToken);
            return;
        }

        _recipients.Add(path.Address);
        await OkAsync("250 2.1.5 Ok", cancellationToken);
    }

    /// <returns>False when the connection was lost during the message.</returns>
    private async Task<bool> DataAsync(MessageRelay relay, CancellationToken cancellationToken)
    {
        if (_sender is null || _recipients.Count == 0)
        {
            await ErrorAsync(_user is null ? "530 5.7.0 Authentication required" : _sender is null ? "503 5.5.1 need MAIL command" : "554 5.5.1 no valid recipients", cancellationToken);
            return true;
        }

        await ReplyAsync("354 End data with <CR><LF>.<CR><LF>", cancellationToken);
        var id = _services.Spool.NewId();
        var file = _services.Spool.CreateIncoming(id);
        var keep = false;
        try
        {
            var (complete, size, tooBig) = await ReceiveAsync(file, cancellationToken);
            if (!complete)
            {
                Log.DataInterrupted(_logger, _user!, size);
                return false;
            }

            if (tooBig)
            {
                ResetTransaction();
                await ErrorAsync($"552 5.3.4 message size exceeds the limit of {MaxSize} bytes", cancellationToken);
                return true;
            }

            var reply = await DeliverAsync(relay, id, file, size, cancellationToken);
            keep = reply.Spooled;
            ResetTransaction();
            await (reply.Text[0] is '2' ? OkAsync(reply.Text, cancellationToken) : ErrorAsync(reply.Text, cancellationToken));
            return true;
        }
        finally
        {
            if (!keep)
            {
                await file.DisposeAsync();
                _services.Spool.DiscardIncoming(id);
            }
        }
    }

    /// <summary>Checks the headers, relays (or only spools), and says what the client is told.</summary>
    private async Task<(string Text, bool Spooled)> DeliverAsync(MessageRelay relay, string id, FileStream file, long size, CancellationToken cancellationToken)
    {
        RelayOutcome outcome;
        file.Position = 0;
        using (var message = await LoadAsync(file, cancellationToken))
        {
            if (message is null)
            {
                return ("550 5.6.0 the message has no valid header section", false);
            }

            if (_services.Senders.Required && HeaderSenders(message).FirstOrDefault(a => !_services.Senders.IsAllowed(_user!, a)) is { } foreign)
            {
                Log.SenderRefused(_logger, _user!, foreign);
                return ($"550 5.7.1 From/Sender header <{foreign}> is not an address of user {_user}", false);
            }

            outcome = _services.Options.Smtp.RelayFirst
                ? await relay.RelayAsync(_user!, _password!, message, size, _sender!, _recipients, cancellationToken)
                : new RelayOutcome([], [], [.. _recipients.Select(r => new RecipientFailure(r, 250, ""))], null);
        }

        if (outcome.Temporary.Count == 0 && outcome.Permanent.Count == 0)
        {
            Log.Relayed(_logger, id, _sender!, string.Join(", ", outcome.Delivered), outcome.UpstreamReply ?? "");
            return ($"250 2.0.0 Ok: relayed, {outcome.UpstreamReply}", false);
        }

        if (outcome.Temporary.Count == 0 && outcome.Delivered.Count == 0)
        {
            var refused = outcome.Permanent[0];
            Log.Refused(_logger, id, _sender!, refused.Reply);
            return (refused.Reply, false);
        }

        // Some or all recipients must wait (or get a DSN): into the spool, durably, before 250.
        var now = _services.Time.GetUtcNow();
        var relayed = _services.Options.Smtp.RelayFirst;
        var envelope = new SpoolEnvelope(
            id,
            _user!,
            _sender!,
            [
                .. outcome.Temporary.Select(f => new SpoolRecipient(f.Address)),
                .. outcome.Permanent.Select(f => new SpoolRecipient(f.Address, Failed: true, Reply: f.Reply)),
            ],
            now,
            size,
            Attempts: relayed ? 1 : 0,
            NextAttempt: relayed && outcome.Temporary.Count > 0 ? now + _services.Schedule.DelayAfter(1) : now,
            LastError: outcome.Temporary is [{ Reply.Length: > 0 } first, ..] ? first.Reply : null);
        try
        {
            await _services.Spool.CommitAsync(file, envelope, cancellationToken);
        }
        catch (IOException e)
        {
            Log.SpoolFailed(_logger, id, e.Message);
            return ("451 4.3.0 the gateway cannot store the message now; try again later", false);
        }

        Log.Spooled(_logger, id, _sender!, string.Join(", ", envelope.Recipients.Select(r => r.Address)), envelope.LastError ?? "spool-first");
        _services.Worker.Wake();
        return ($"250 2.0.0 Ok: queued as {id}", true);
    }

    private static async Task<MimeMessage?> LoadAsync(FileStream file, CancellationToken cancellationToken)
    {
        try
        {
            return await MimeMessage.LoadAsync(ParserOptions.Default, file, persistent: true, cancellationToken);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IEnumerable<string> HeaderSenders(MimeMessage message) =>
        message.From.Mailboxes.Concat(message.Sender is null ? [] : [message.Sender]).Select(m => m.Address);

    /// <summary>Reads DATA up to the final "." into <paramref name="file"/>; stops writing (but keeps reading) past the size limit.</summary>
    private async Task<(bool Complete, long Size, bool TooBig)> ReceiveAsync(FileStream file, CancellationToken cancellationToken)
    {
        var decoder = new DotDecoder();
        var output = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var max = MaxSize;
        long size = 0;
        try
        {
            while (true)
            {
                var result = await ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                long consumed = 0;
                var done = false;
                foreach (var segment in buffer)
                {
                    var offset = 0;
                    while (offset < segment.Length && !done)
                    {
                        var chunk = segment.Slice(offset, Math.Min(segment.Length - offset, output.Length - 1));
                        done = decoder.Decode(chunk.Span, output, out var used, out var written);
                        offset += used;
                        consumed += used;
                        size += written;
                        if (size <= max && written > 0)
                        {
                            await file.WriteAsync(output.AsMemory(0, written), cancellationToken);
                        }
                    }

                    if (done)
                    {
                        break;
                    }
                }

                _reader.AdvanceTo(buffer.GetPosition(consumed));
                if (done)
                {
                    await file.FlushAsync(cancellationToken);
                    return (true, size, size > max);
                }

                if (result.IsCompleted)
                {
                    return (false, size, size > max);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private Task<(string? Line, bool TooLong)> ReadLineAsync(CancellationToken cancellationToken) =>
        ClientLines.ReadLineAsync(_reader, MaxLineBytes, TimeSpan.FromSeconds(_services.Options.Smtp.ClientTimeoutSeconds), cancellationToken);

    private ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken) =>
        ClientLines.ReadAsync(_reader, TimeSpan.FromSeconds(_services.Options.Smtp.ClientTimeoutSeconds), cancellationToken);

    private void ResetTransaction()
    {
        _sender = null;
        _recipients.Clear();
    }

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

    private Task ReplyAsync(string reply, CancellationToken cancellationToken) => WriteAsync(reply + "\r\n", cancellationToken);

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
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
        [LoggerMessage(3010, LogLevel.Information, "{User} logged in")]
        public static partial void LoggedIn(ILogger logger, string user);

        [LoggerMessage(3011, LogLevel.Information, "login of {User} rejected")]
        public static partial void LoginRejected(ILogger logger, string user);

        [LoggerMessage(3012, LogLevel.Warning, "{User} may not send as {Address}")]
        public static partial void SenderRefused(ILogger logger, string user, string address);

        [LoggerMessage(3013, LogLevel.Information, "relayed {Id} from {Sender} to {Recipients}: {Reply}")]
        public static partial void Relayed(ILogger logger, string id, string sender, string recipients, string reply);

        [LoggerMessage(3014, LogLevel.Information, "upstream refused {Id} from {Sender}: {Reply}")]
        public static partial void Refused(ILogger logger, string id, string sender, string reply);

        [LoggerMessage(3015, LogLevel.Information, "spooled {Id} from {Sender} to {Recipients}: {Reason}")]
        public static partial void Spooled(ILogger logger, string id, string sender, string recipients, string reason);

        [LoggerMessage(3016, LogLevel.Error, "cannot spool {Id}: {Reason}")]
        public static partial void SpoolFailed(ILogger logger, string id, string reason);

        [LoggerMessage(3017, LogLevel.Information, "connection of {User} lost during DATA after {Bytes} bytes; nothing was accepted")]
        public static partial void DataInterrupted(ILogger logger, string user, long bytes);

        [LoggerMessage(3018, LogLevel.Information, "client TLS handshake failed after STARTTLS: {Reason}")]
        public static partial void TlsFailed(ILogger logger, string reason);

        [LoggerMessage(3019, LogLevel.Debug, "unknown command {Command}")]
        public static partial void UnknownCommand(ILogger logger, string command);

        [LoggerMessage(3020, LogLevel.Information, "session of {User} ended: {FromClient} bytes from the client, {ToClient} bytes to it")]
        public static partial void SessionBytes(ILogger logger, string user, long fromClient, long toClient);
    }
}
