using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Cache;
using Gateway.Core.Configuration;
using Gateway.Core.Listening;
using Gateway.Core.TrafficLog;
using Gateway.Core.Upstream;
using Gateway.Imap.Acl;
using Gateway.Imap.Transforms;
using Gateway.Imap.Transforms.Capabilities;
using Gateway.Imap.Wire;
using Microsoft.Extensions.Logging;

namespace Gateway.Imap.Session;

/// <summary>One IMAP client connection: optional implicit TLS, the front door, then the relay.</summary>
internal sealed partial class ImapConnectionHandler : IConnectionHandler
{
    private readonly GatewayOptions _options;
    private readonly X509Certificate2? _certificate;
    private readonly bool _implicitTls;
    private readonly ITrafficSink _traffic;
    private readonly ILogger<ImapConnectionHandler> _logger;
    private readonly TimeProvider _time;
    private readonly ImapLimits _limits;
    private readonly ImapUpstreamConnector _connector;
    private readonly ICredentialStore? _credentials;
    private readonly Hierarchy.HierarchyOptions _hierarchyOptions;
    private readonly AclOptions _aclOptions;
    private readonly MessageCacheStore? _cache;
    private readonly HierarchyMapCache _maps = new();

    public ImapConnectionHandler(
        GatewayOptions options, X509Certificate2? certificate, bool implicitTls, ITrafficSink traffic, ILogger<ImapConnectionHandler> logger, TimeProvider time, ICredentialStore? credentials = null, MessageCacheStore? cache = null)
    {
        _cache = cache;
        _credentials = credentials;
        _options = options;
        _certificate = certificate;
        _implicitTls = implicitTls;
        _traffic = traffic;
        _logger = logger;
        _time = time;
        _limits = new ImapLimits
        {
            MaxLineLength = options.Imap.MaxLineKB * 1024,
            MaxLiteralSize = options.Imap.MaxLiteralMB * 1024L * 1024,
        };
        _connector = new ImapUpstreamConnector(options.Upstream, _limits);
        _hierarchyOptions = ImapDiscovery.OptionsFrom(options.Imap);
        _aclOptions = new AclOptions
        {
            ClientDialect = Enum.Parse<AclClientDialect>(options.Acl.ClientDialect, ignoreCase: true),
            LoginDomain = options.Acl.LoginDomain.Length == 0 ? null : options.Acl.LoginDomain,
            AllowOwnerLockout = options.Acl.AllowOwnerLockout,
        };
    }

    public async Task HandleAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var recorder = new TrafficRecorder(_traffic, connection.SessionId, TrafficProtocol.Imap, connection.RemoteEndPoint.ToString(), _time);
        Stream stream = connection.Stream;
        if (_implicitTls)
        {
            var (ssl, failure) = await ClientTls.AuthenticateAsync(stream, _certificate!, leaveInnerStreamOpen: false, TimeSpan.FromSeconds(_options.Imap.LoginTimeoutSeconds), cancellationToken);
            if (ssl is null)
            {
                Log.TlsFailed(_logger, failure!);
                return;
            }

            stream = ssl;
        }

        var client = new ImapPipes(new RecordingStream(stream, recorder, TrafficDirection.FromClient, TrafficDirection.ToClient), _limits);
        var frontDoor = new ImapFrontDoor(client, _implicitTls, _certificate, _connector, recorder, _logger, _credentials);
        (ImapUpstreamConnection Upstream, string User)? login;
        using (var loginTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            loginTimeout.CancelAfter(TimeSpan.FromSeconds(_options.Imap.LoginTimeoutSeconds));
            try
            {
                login = await frontDoor.RunAsync(loginTimeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await frontDoor.Client.WriteLineAsync("* BYE Autologout; no login in time", CancellationToken.None);
                await frontDoor.Client.Writer.FlushAsync(CancellationToken.None);
                return;
            }
        }

        if (login is not { } session)
        {
            await frontDoor.Client.Writer.FlushAsync(CancellationToken.None);
            return;
        }

        await using var upstream = session.Upstream;
        using var scope = _logger.BeginScope(new KeyValuePair<string, object>[] { new("User", session.User) });
        // Discovery first, so the client's OK already shows the capabilities as the folder and ACL layers present them.
        HierarchySession hierarchy;
        try
        {
            hierarchy = new HierarchySession(await ImapDiscovery.DiscoverAsync(upstream, _options.Upstream.Profile, _hierarchyOptions, cancellationToken, _maps));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or SocketException)
        {
            Log.DiscoveryFailed(_logger, e.Message);
            await frontDoor.Client.WriteLineAsync($"{frontDoor.LoginTag} NO [UNAVAILABLE] The mail server did not answer the folder queries: {e.Message}", CancellationToken.None);
            await frontDoor.Client.Writer.FlushAsync(CancellationToken.None);
            return;
        }

        var kind = hierarchy.Map.Server.Kind;
        Log.ServerView(_logger, kind.ToString(), hierarchy.Map.Server.Personal.Prefix, hierarchy.Map.Server.Delimiter.ToString());
        var dialect = AclServerDialect.Detect(kind, upstream.Capabilities);
        var acl = dialect.HasAcl ? new AclSession(dialect, _aclOptions, AclOwner.Resolver(hierarchy.Map, session.User)) : null;
        var filtered = string.Join(' ', AclCapabilities.Rewrite(CapabilityFilter.Filter(upstream.Capabilities), kind, _aclOptions.ClientDialect));
        await frontDoor.Client.WriteLineAsync($"{frontDoor.LoginTag} OK [CAPABILITY {filtered}] Logged in", cancellationToken);
        await frontDoor.Client.Writer.FlushAsync(cancellationToken);

        var transforms = new ImapTransformPipeline([], [new CapabilityResponseTransform(), new AclCapabilityResponseTransform(kind, _aclOptions.ClientDialect)]);
        // The cache is keyed by the upstream and the user the server authenticated, so one user never sees another's entries.
        var cache = _cache is null ? null : new MessageCacheContext(_cache, $"{_options.Upstream.Imap.Host.ToLowerInvariant()}:{_options.Upstream.Imap.Port}", session.User);
        using var relay = new ImapRelay(frontDoor.Client, upstream.Pipes, transforms, _options.Imap, _logger, _time, hierarchy, acl, cache);
        await relay.RunAsync(cancellationToken);
        Log.SessionBytes(
            _logger,
            session.User,
            recorder.BytesIn(TrafficDirection.FromClient),
            recorder.BytesIn(TrafficDirection.ToClient),
            recorder.BytesIn(TrafficDirection.FromUpstream),
            recorder.BytesIn(TrafficDirection.ToUpstream));
    }

    private static partial class Log
    {
        [LoggerMessage(2010, LogLevel.Information, "client TLS handshake failed: {Reason}")]
        public static partial void TlsFailed(ILogger logger, string reason);

        [LoggerMessage(2012, LogLevel.Warning, "folder discovery after login failed: {Reason}")]
        public static partial void DiscoveryFailed(ILogger logger, string reason);

        [LoggerMessage(2013, LogLevel.Debug, "server folder view: {Kind}, personal prefix '{Prefix}', delimiter '{Delimiter}'")]
        public static partial void ServerView(ILogger logger, string kind, string prefix, string delimiter);

        [LoggerMessage(2011, LogLevel.Information, "session of {User} ended: {FromClient} bytes from the client, {ToClient} bytes to it, {FromServer} bytes from the server, {ToServer} bytes to it")]
        public static partial void SessionBytes(ILogger logger, string user, long fromClient, long toClient, long fromServer, long toServer);
    }
}
