using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.Imap.Wire;

namespace Gateway.Imap.Session;

/// <summary>
/// Opens the upstream IMAP connection for one client session: TCP, TLS or STARTTLS (never skipped
/// when configured), certificate check, and login with the client's credentials.
/// </summary>
internal sealed class ImapUpstreamConnector(UpstreamOptions options, ImapLimits limits)
{
    // One TLS record: message bodies arrive in a quarter of the reads a 4 KB buffer needs.
    private const int UpstreamReadBufferSize = 16 * 1024;

    private const string Tag = "SCOGW";

    // Every session of a server keeps the same greeting and capability list: one shared copy each instead of ~1.5 KB
    // per session. Bounded, in case a server varies them.
    private const int MaxShared = 32;

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _capabilityLists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _greetings = new(StringComparer.Ordinal);

    // One validator for every connection: the CAs of Upstream:Imap:TrustedCaPath are loaded once, not per login (each
    // load left its certificates' native memory behind until the finalizer ran).
    private readonly UpstreamCertificateValidator _validator = UpstreamCertificateValidator.For(options.Imap);

    public async Task<UpstreamLoginResult> ConnectAsync(string user, string password, TrafficRecorder recorder, CancellationToken cancellationToken)
    {
        var endpoint = options.Imap;
        var where = UpstreamConnector.EndpointText(endpoint.Host, endpoint.Port);
        var connectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds);
        Socket socket;
        try
        {
            socket = await UpstreamConnector.ConnectAsync(endpoint.Host, endpoint.Port, connectTimeout, cancellationToken);
        }
        catch (SocketException e)
        {
            return Unavailable($"mail server {where} not reachable: {UpstreamConnector.Describe(e, endpoint.Host)}");
        }
        catch (TimeoutException e)
        {
            return Unavailable($"mail server {where} not reachable: {e.Message}");
        }

        Stream network = new NetworkStream(socket, ownsSocket: true);
        ImapPipes? pipes = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout + TimeSpan.FromSeconds(options.ReadTimeoutSeconds));
        var validator = _validator;
        CertificateValidation? certificate = null;
        try
        {
            var tls = "none";
            if (endpoint.Security == SecurityMode.Tls)
            {
                network = await StartTlsAsync(network, endpoint.Host, validator, c => certificate = c, timeout.Token);
                tls = ((SslStream)network).SslProtocol.ToString();
            }

            pipes = new ImapPipes(new RecordingStream(network, recorder, TrafficDirection.FromUpstream, TrafficDirection.ToUpstream), limits, UpstreamReadBufferSize);
            var greeting = await ReadLineAsync(pipes, timeout.Token);
            if (!greeting.StartsWith("* OK", StringComparison.OrdinalIgnoreCase))
            {
                return await FailAsync(pipes, Unavailable($"mail server {where} refused the session: {greeting}"));
            }

            var capabilities = CapabilitiesIn(greeting) ?? await CapabilityAsync(pipes, timeout.Token);
            if (endpoint.Security == SecurityMode.StartTls)
            {
                if (!capabilities.Contains("STARTTLS", StringComparer.OrdinalIgnoreCase))
                {
                    return await FailAsync(pipes, Unavailable($"mail server {where} does not offer STARTTLS, but Upstream:Imap:Security is StartTls; refusing to send the password in clear"));
                }

                var reply = await CommandAsync(pipes, "STARTTLS", timeout.Token);
                if (!IsOk(reply))
                {
                    return await FailAsync(pipes, Unavailable($"mail server {where} refused STARTTLS: {reply}"));
                }

                // Nothing the server sent after its OK may be used: it was not protected (RFC 3501 §6.2.1).
                await pipes.Reader.CompleteAsync();
                await pipes.Writer.CompleteAsync();
                network = await StartTlsAsync(network, endpoint.Host, validator, c => certificate = c, timeout.Token);
                tls = ((SslStream)network).SslProtocol.ToString();
                pipes = new ImapPipes(new RecordingStream(network, recorder, TrafficDirection.FromUpstream, TrafficDirection.ToUpstream), limits, UpstreamReadBufferSize);
                capabilities = await CapabilityAsync(pipes, timeout.Token);
            }

            var login = await LoginAsync(pipes, capabilities, user, password, timeout.Token);
            if (!IsOk(login))
            {
                var text = TextAfterStatus(login);
                return await FailAsync(pipes, new UpstreamLoginResult(UpstreamLoginOutcome.AuthenticationFailed, text, null));
            }

            var after = CapabilitiesIn(login) ?? await CapabilityAsync(pipes, timeout.Token);
            return new UpstreamLoginResult(UpstreamLoginOutcome.LoggedIn, "", new ImapUpstreamConnection(pipes, Shared(after), tls, Shared(greeting)));
        }
        catch (AuthenticationException e)
        {
            await network.DisposeAsync();
            var why = certificate is { Accepted: false } c ? $"certificate not trusted ({c.Text})" : $"TLS handshake failed: {e.Message}";
            return Unavailable($"mail server {where}: {why}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await network.DisposeAsync();
            return Unavailable($"mail server {where} did not answer in time");
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException)
        {
            await network.DisposeAsync();
            return Unavailable($"mail server {where}: connection lost ({e.Message})");
        }
    }

    private IReadOnlyList<string> Shared(IReadOnlyList<string> capabilities)
    {
        var key = string.Join(' ', capabilities);
        if (_capabilityLists.TryGetValue(key, out var shared))
        {
            return shared;
        }

        if (_capabilityLists.Count < MaxShared)
        {
            _capabilityLists.TryAdd(key, capabilities);
        }

        return capabilities;
    }

    private string Shared(string greeting)
    {
        if (_greetings.TryGetValue(greeting, out var shared))
        {
            return shared;
        }

        if (_greetings.Count < MaxShared)
        {
            _greetings.TryAdd(greeting, greeting);
        }

        return greeting;
    }

    private static async Task<UpstreamLoginResult> FailAsync(ImapPipes pipes, UpstreamLoginResult result)
    {
        try
        {
            await pipes.WriteLineAsync($"{Tag}9 LOGOUT", CancellationToken.None);
        }
        catch (IOException)
        {
        }

        await pipes.Stream.DisposeAsync();
        return result;
    }

    private static UpstreamLoginResult Unavailable(string reason) => new(UpstreamLoginOutcome.Unavailable, reason, null);

    private static async Task<Stream> StartTlsAsync(Stream network, string host, UpstreamCertificateValidator validator, Action<CertificateValidation> observe, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(network, leaveInnerStreamOpen: false, validator.CreateCallback(host, observe));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host, CertificateChainPolicy = validator.ChainPolicy() }, cancellationToken);
        return ssl;
    }

    private static async Task<string> LoginAsync(ImapPipes pipes, IReadOnlyList<string> capabilities, string user, string password, CancellationToken cancellationToken)
    {
        bool Has(string c) => capabilities.Contains(c, StringComparer.OrdinalIgnoreCase);
        if (Has("AUTH=PLAIN"))
        {
            // PLAIN carries any UTF-8 user and password without quoting rules (RFC 4616).
            var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
            if (Has("SASL-IR"))
            {
                return await CommandAsync(pipes, $"AUTHENTICATE PLAIN {payload}", cancellationToken);
            }

            await pipes.WriteLineAsync($"{Tag}3 AUTHENTICATE PLAIN", cancellationToken);
            var challenge = await ReadLineAsync(pipes, cancellationToken);
            if (!challenge.StartsWith('+'))
            {
                return challenge;
            }

            await pipes.WriteLineAsync(payload, cancellationToken);
            return await ReadTaggedAsync(pipes, $"{Tag}3", cancellationToken);
        }

        if (Has("LOGINDISABLED"))
        {
            return $"{Tag}3 NO the server allows no login method the gateway can use (LOGINDISABLED, no AUTH=PLAIN)";
        }

        var literalPlus = Has("LITERAL+");
        var command = $"LOGIN {ImapQuoting.AString(user, literalPlus)} {ImapQuoting.AString(password, literalPlus)}";
        if (!literalPlus && command.Contains("}\r\n", StringComparison.Ordinal))
        {
            return $"{Tag}3 NO user name or password contains characters this server cannot take in LOGIN";
        }

        return await CommandAsync(pipes, command, cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> CapabilityAsync(ImapPipes pipes, CancellationToken cancellationToken)
    {
        await pipes.WriteLineAsync($"{Tag}1 CAPABILITY", cancellationToken);
        IReadOnlyList<string> capabilities = [];
        while (true)
        {
            var line = await ReadLineAsync(pipes, cancellationToken);
            if (line.StartsWith("* CAPABILITY ", StringComparison.OrdinalIgnoreCase))
            {
                capabilities = line[13..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
            else if (line.StartsWith($"{Tag}1 ", StringComparison.Ordinal))
            {
                return capabilities;
            }
        }
    }

    private static async Task<string> CommandAsync(ImapPipes pipes, string command, CancellationToken cancellationToken)
    {
        await pipes.WriteLineAsync($"{Tag}2 {command}", cancellationToken);
        return await ReadTaggedAsync(pipes, $"{Tag}2", cancellationToken);
    }

    private static async Task<string> ReadTaggedAsync(ImapPipes pipes, string tag, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await ReadLineAsync(pipes, cancellationToken);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return line;
            }

            if (line.StartsWith("* BYE", StringComparison.OrdinalIgnoreCase))
            {
                throw new IOException($"server closed the session: {line}");
            }
        }
    }

    private static async Task<string> ReadLineAsync(ImapPipes pipes, CancellationToken cancellationToken)
    {
        var segment = await pipes.ReadSegmentAsync(serverResponse: true, continuation: false, cancellationToken)
            ?? throw new IOException("the server closed the connection");
        if (segment.Literal is { } literal)
        {
            // Not expected before login; skip the literal and keep the line's text.
            await pipes.ReadLiteralAsync(Math.Min(literal.Length, 1 << 20), cancellationToken);
        }

        return Encoding.UTF8.GetString(segment.Line);
    }

    internal static IReadOnlyList<string>? CapabilitiesIn(string statusLine)
    {
        var start = statusLine.IndexOf("[CAPABILITY ", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        var end = statusLine.IndexOf(']', start);
        return end < 0 ? null : statusLine[(start + 12)..end].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static bool IsOk(string tagged)
    {
        var space = tagged.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && tagged.AsSpan(space + 1).StartsWith("OK", StringComparison.OrdinalIgnoreCase);
    }

    private static string TextAfterStatus(string tagged)
    {
        var parts = tagged.Split(' ', 3);
        return parts.Length == 3 ? parts[2] : tagged;
    }
}
