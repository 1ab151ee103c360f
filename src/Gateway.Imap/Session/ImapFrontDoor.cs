using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.Imap.Wire;
using Microsoft.Extensions.Logging;

namespace Gateway.Imap.Session;

/// <summary>
/// The pre-authentication half of a session, owned by the gateway: greeting, CAPABILITY, NOOP,
/// LOGOUT, ID, STARTTLS, LOGIN and AUTHENTICATE PLAIN/LOGIN (with SASL-IR). A successful login
/// upstream hands the connection to the relay.
/// </summary>
internal sealed partial class ImapFrontDoor
{
    private const int MaxErrors = 10;

    private static readonly System.Buffers.SearchValues<char> s_tagSpecials = System.Buffers.SearchValues.Create("+(){%*\"\\]");

    private readonly ICredentialStore? _credentials;
    private readonly ImapUpstreamConnector _connector;
    private readonly X509Certificate2? _certificate;
    private readonly TrafficRecorder _recorder;
    private readonly ILogger _logger;
    private ImapPipes _client;
    private bool _tls;
    private int _errors;

    public ImapFrontDoor(ImapPipes client, bool tls, X509Certificate2? certificate, ImapUpstreamConnector connector, TrafficRecorder recorder, ILogger logger, ICredentialStore? credentials = null)
    {
        _credentials = credentials;
        _client = client;
        _tls = tls;
        _certificate = certificate;
        _connector = connector;
        _recorder = recorder;
        _logger = logger;
    }

    /// <summary>The tag of the successful LOGIN or AUTHENTICATE, answered by the caller.</summary>
    public string LoginTag { get; private set; } = "*";

    /// <summary>The client pipes, which STARTTLS replaces.</summary>
    public ImapPipes Client => _client;

    private string Capabilities =>
        "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE AUTH=PLAIN AUTH=LOGIN" + (_certificate is not null && !_tls ? " STARTTLS" : "");

    /// <summary>Runs until login succeeds (returns the upstream connection) or the session ends (returns null).</summary>
    public async Task<(ImapUpstreamConnection Upstream, string User)?> RunAsync(CancellationToken cancellationToken)
    {
        await SendAsync($"* OK [CAPABILITY {Capabilities}] ScoGateway ready.", cancellationToken);
        while (true)
        {
            var command = await ReadCommandAsync(cancellationToken);
            if (command is null)
            {
                return null;
            }

            var (tag, tokens) = command.Value;
            if (tag is null)
            {
                if (!await BadAsync("*", tokens.Count == 0 ? "Empty command" : "Invalid command syntax", cancellationToken))
                {
                    return null;
                }

                continue;
            }

            var name = tokens.Count > 0 ? tokens[0].Value.ToUpperInvariant() : "";
            switch (name)
            {
                case "CAPABILITY":
                    await SendAsync($"* CAPABILITY {Capabilities}\r\n{tag} OK CAPABILITY completed", cancellationToken);
                    break;
                case "NOOP":
                    await SendAsync($"{tag} OK NOOP completed", cancellationToken);
                    break;
                case "LOGOUT":
                    await SendAsync($"* BYE ScoGateway logging out\r\n{tag} OK LOGOUT completed", cancellationToken);
                    return null;
                case "ID":
                    await SendAsync($"* ID (\"name\" \"ScoGateway\")\r\n{tag} OK ID completed", cancellationToken);
                    break;
                case "STARTTLS":
                    if (!await StartTlsAsync(tag, cancellationToken))
                    {
                        return null;
                    }

                    break;
                case "LOGIN":
                    if (tokens.Count != 3 || !tokens[1].IsString || !tokens[2].IsString)
                    {
                        if (!await BadAsync(tag, "LOGIN expects a user name and a password", cancellationToken))
                        {
                            return null;
                        }

                        break;
                    }

                    if (await LoginAsync(tag, tokens[1].Value, tokens[2].Value, cancellationToken) is { } loggedIn)
                    {
                        return loggedIn;
                    }

                    break;
                case "AUTHENTICATE":
                    var credentials = await AuthenticateAsync(tag, tokens, cancellationToken);
                    if (credentials is { } c && await LoginAsync(tag, c.User, c.Password, cancellationToken) is { } authenticated)
                    {
                        return authenticated;
                    }

                    break;
                case "SELECT" or "EXAMINE" or "LIST" or "LSUB" or "STATUS" or "APPEND" or "CREATE" or "DELETE" or "RENAME"
                    or "SUBSCRIBE" or "UNSUBSCRIBE" or "ENABLE" or "NAMESPACE" or "IDLE" or "FETCH" or "STORE" or "SEARCH"
                    or "COPY" or "MOVE" or "UID" or "EXPUNGE" or "CLOSE" or "CHECK" or "GETACL" or "SETACL" or "MYRIGHTS":
                    await SendAsync($"{tag} NO [AUTHORIZATIONFAILED] Log in first", cancellationToken);
                    break;
                default:
                    if (!await BadAsync(tag, "Unknown command", cancellationToken))
                    {
                        return null;
                    }

                    break;
            }
        }
    }

    private async Task<(ImapUpstreamConnection, string)?> LoginAsync(string tag, string user, string password, CancellationToken cancellationToken)
    {
        if (user.Length == 0)
        {
            await SendAsync($"{tag} NO [AUTHENTICATIONFAILED] Authentication failed", cancellationToken);
            return null;
        }

        var result = await _connector.ConnectAsync(user, password, _recorder, cancellationToken);
        switch (result.Outcome)
        {
            case UpstreamLoginOutcome.LoggedIn:
                _recorder.User = user;
                LoginTag = tag;
                Log.LoggedIn(_logger, user, result.Connection!.TlsDescription);

                // Spooled SMTP messages of this user can be relayed again (the store keeps it in memory only).
                _credentials?.Remember(user, password);
                return (result.Connection!, user);
            case UpstreamLoginOutcome.AuthenticationFailed:
                Log.LoginRejected(_logger, user, result.Reason);
                await SendAsync($"{tag} NO [AUTHENTICATIONFAILED] Authentication failed", cancellationToken);
                return null;
            default:
                Log.UpstreamUnavailable(_logger, user, result.Reason);
                await SendAsync($"{tag} NO [UNAVAILABLE] {Sanitize(result.Reason)}", cancellationToken);
                return null;
        }
    }

    /// <summary>AUTHENTICATE PLAIN or LOGIN, with or without an initial response (RFC 3501 §6.2.2, RFC 4959, RFC 4616).</summary>
    private async Task<(string User, string Password)?> AuthenticateAsync(string tag, List<ImapToken> tokens, CancellationToken cancellationToken)
    {
        var mechanism = tokens.Count > 1 ? tokens[1].Value.ToUpperInvariant() : "";
        var initial = tokens.Count > 2 ? tokens[2].Value : null;
        if (mechanism is not ("PLAIN" or "LOGIN"))
        {
            await SendAsync($"{tag} NO Unsupported authentication mechanism", cancellationToken);
            return null;
        }

        if (mechanism == "PLAIN")
        {
            // "=" is an empty initial response (RFC 4959 §3).
            var response = initial switch
            {
                null => await ChallengeAsync("", cancellationToken),
                "=" => "",
                _ => initial,
            };
            if (response is null)
            {
                await SendAsync($"{tag} BAD AUTHENTICATE cancelled", cancellationToken);
                return null;
            }

            var decoded = Decode(response)?.Split('\0');
            if (decoded is not { Length: 3 })
            {
                await SendAsync($"{tag} BAD Invalid SASL PLAIN response", cancellationToken);
                return null;
            }

            if (decoded[0].Length > 0 && decoded[0] != decoded[1])
            {
                await SendAsync($"{tag} NO [AUTHORIZATIONFAILED] Acting as another user is not supported", cancellationToken);
                return null;
            }

            return (decoded[1], decoded[2]);
        }

        var user = initial is not null ? Decode(initial) : Decode(await ChallengeAsync("VXNlcm5hbWU6", cancellationToken) ?? "");
        var password = user is null ? null : await ChallengeAsync("UGFzc3dvcmQ6", cancellationToken);
        var decodedPassword = password is null ? null : Decode(password);
        if (user is null || decodedPassword is null)
        {
            await SendAsync($"{tag} BAD AUTHENTICATE cancelled or invalid", cancellationToken);
            return null;
        }

        return (user, decodedPassword);
    }

    /// <summary>Sends a continuation and reads the client's base64 line; null when cancelled with <c>*</c>.</summary>
    private async Task<string?> ChallengeAsync(string challenge, CancellationToken cancellationToken)
    {
        await SendAsync($"+ {challenge}", cancellationToken);
        var segment = await _client.ReadSegmentAsync(serverResponse: false, continuation: true, cancellationToken);
        if (segment is null)
        {
            return null;
        }

        var line = Encoding.ASCII.GetString(segment.Value.Line);
        return line == "*" ? null : line;
    }

    private static string? Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private async Task<bool> StartTlsAsync(string tag, CancellationToken cancellationToken)
    {
        if (_certificate is null || _tls)
        {
            return await BadAsync(tag, _tls ? "TLS is already active" : "STARTTLS is not available: no certificate is configured", cancellationToken);
        }

        await SendAsync($"{tag} OK Begin TLS negotiation now", cancellationToken);

        // Anything the client pipelined after STARTTLS was sent in clear and is discarded (RFC 3501 §6.2.1).
        var inner = _client.Stream;
        await _client.Reader.CompleteAsync();
        await _client.Writer.CompleteAsync();
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, cancellationToken);
        }
        catch (System.Security.Authentication.AuthenticationException e)
        {
            Log.ClientTlsFailed(_logger, e.Message);
            return false;
        }

        _client = new ImapPipes(ssl, _client.Limits);
        _tls = true;
        return true;
    }

    /// <summary>Reads one command with its literals (small ones only, pre-auth); null at end of stream.</summary>
    private async Task<(string? Tag, List<ImapToken> Tokens)?> ReadCommandAsync(CancellationToken cancellationToken)
    {
        var tokens = new List<ImapToken>();
        string? tag = null;
        var continuation = false;
        while (true)
        {
            (byte[] Line, LiteralHeader? Literal)? segment;
            try
            {
                segment = await _client.ReadSegmentAsync(serverResponse: false, continuation, cancellationToken);
            }
            catch (InvalidDataException e)
            {
                await SendAsync($"* BYE [TOOBIG] {e.Message}", cancellationToken);
                return null;
            }

            if (segment is null)
            {
                return null;
            }

            var (line, literal) = segment.Value;
            if (!ImapTokenizer.TryTokenize(line, tokens, out _))
            {
                if (literal is { NonSynchronizing: true })
                {
                    await SendAsync("* BYE Invalid command with a literal; closing", cancellationToken);
                    return null;
                }

                return (null, tokens);
            }

            if (!continuation)
            {
                if (tokens.Count == 0 || tokens[0].Kind != ImapTokenKind.Atom || tokens[0].Value.AsSpan().IndexOfAny(s_tagSpecials) >= 0)
                {
                    return (null, tokens);
                }

                tag = tokens[0].Value;
                tokens.RemoveAt(0);
            }

            if (literal is null)
            {
                return (tag, tokens);
            }

            if (literal.Value.Length > _client.Limits.MaxMaterializedLiteral)
            {
                if (literal.Value.NonSynchronizing)
                {
                    await SendAsync("* BYE [TOOBIG] Literal too large before login; closing", cancellationToken);
                    return null;
                }

                await SendAsync($"{tag} BAD [TOOBIG] Literal too large before login", cancellationToken);
                tokens.Clear();
                continuation = false;
                tag = null;
                continue;
            }

            if (!literal.Value.NonSynchronizing)
            {
                await SendAsync("+ Ready for literal data", cancellationToken);
            }

            var bytes = await _client.ReadLiteralAsync(literal.Value.Length, cancellationToken);
            if (bytes is null)
            {
                return null;
            }

            tokens[^1] = new ImapToken(ImapTokenKind.Literal, Encoding.UTF8.GetString(bytes));
            continuation = true;
        }
    }

    /// <summary>Answers BAD; after too many in a row the session ends with BYE. False when it ended.</summary>
    private async Task<bool> BadAsync(string tag, string text, CancellationToken cancellationToken)
    {
        if (++_errors >= MaxErrors)
        {
            await SendAsync($"{tag} BAD {text}\r\n* BYE Too many invalid commands", cancellationToken);
            return false;
        }

        await SendAsync($"{tag} BAD {text}", cancellationToken);
        return true;
    }

    private async Task SendAsync(string lines, CancellationToken cancellationToken)
    {
        await _client.WriteLineAsync(lines, cancellationToken);
        await _client.Writer.FlushAsync(cancellationToken);
    }

    private static string Sanitize(string text) => text.ReplaceLineEndings(" ");

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Information, "{User} logged in upstream ({Tls})")]
        public static partial void LoggedIn(ILogger logger, string user, string tls);

        [LoggerMessage(2002, LogLevel.Warning, "login of {User} rejected by the mail server: {Reason}")]
        public static partial void LoginRejected(ILogger logger, string user, string reason);

        [LoggerMessage(2003, LogLevel.Error, "login of {User} failed, mail server unavailable: {Reason}")]
        public static partial void UpstreamUnavailable(ILogger logger, string user, string reason);

        [LoggerMessage(2004, LogLevel.Information, "client TLS handshake failed: {Reason}")]
        public static partial void ClientTlsFailed(ILogger logger, string reason);
    }
}
