using System.Net;

namespace Gateway.Core.Listening;

/// <summary>One accepted client connection, handed to an <see cref="IConnectionHandler"/>.</summary>
public sealed class ConnectionContext
{
    public ConnectionContext(string sessionId, Stream stream, IPEndPoint remoteEndPoint, IPEndPoint localEndPoint, string listenerKey)
    {
        SessionId = sessionId;
        Stream = stream;
        RemoteEndPoint = remoteEndPoint;
        LocalEndPoint = localEndPoint;
        ListenerKey = listenerKey;
    }

    /// <summary>Short id that names this session in every log line.</summary>
    public string SessionId { get; }

    /// <summary>The client's byte stream; the handler may wrap it (TLS, traffic recording).</summary>
    public Stream Stream { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The configuration key of the listener, e.g. <c>Listen:Imap</c>.</summary>
    public string ListenerKey { get; }
}
