using System.Net;
using System.Net.Sockets;

namespace Gateway.FreeBusy.Session;

/// <summary>
/// The data connection a session prepared with PASV/EPSV (a listener on the control connection's local
/// address) or PORT/EPRT (a target that is the control connection's own client). Used for one transfer.
/// </summary>
internal sealed class FtpDataChannel : IDisposable
{
    private readonly Socket? _listener;
    private readonly IPEndPoint? _target;
    private readonly IPAddress _localAddress;
    private readonly IPAddress _client;

    private FtpDataChannel(Socket? listener, IPEndPoint? target, IPAddress localAddress, IPAddress client)
    {
        _listener = listener;
        _target = target;
        _localAddress = localAddress;
        _client = client;
    }

    /// <summary>The passive port, or 0 for an active channel.</summary>
    public int Port => _listener is null ? 0 : ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Listens on <paramref name="localAddress"/>, on a port from <paramref name="minPort"/>..<paramref name="maxPort"/> (0..0: any).</summary>
    /// <returns>The channel, or null when no port in the range is free.</returns>
    public static FtpDataChannel? Listen(IPAddress localAddress, IPAddress client, int minPort, int maxPort)
    {
        var count = minPort == 0 ? 1 : maxPort - minPort + 1;
        var start = minPort == 0 ? 0 : Random.Shared.Next(count);
        for (var i = 0; i < count; i++)
        {
            var port = minPort == 0 ? 0 : minPort + ((start + i) % count);
            var socket = new Socket(localAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (localAddress.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.DualMode = localAddress.IsIPv4MappedToIPv6;
                }

                socket.Bind(new IPEndPoint(localAddress, port));
                socket.Listen(1);
                return new FtpDataChannel(socket, null, localAddress, client);
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }

        return null;
    }

    /// <summary>An active channel to <paramref name="target"/>, connected from <paramref name="localAddress"/>.</summary>
    public static FtpDataChannel Active(IPEndPoint target, IPAddress localAddress, IPAddress client) => new(null, target, localAddress, client);

    /// <summary>Accepts the client's connection (passive; connections from other addresses are closed) or connects to it (active).</summary>
    /// <exception cref="SocketException">The connection failed.</exception>
    /// <exception cref="OperationCanceledException">It took longer than the caller allows.</exception>
    public async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null)
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(cancellationToken);
                if (SameAddress(((IPEndPoint)socket.RemoteEndPoint!).Address, _client))
                {
                    socket.NoDelay = true;
                    return new NetworkStream(socket, ownsSocket: true);
                }

                // Note: a data connection from anyone but the control connection's client would let another
                // local user steal or inject a transfer (RFC 2577 §5); it is closed unanswered.
                socket.Dispose();
            }
        }

        var active = new Socket(_localAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            active.Bind(new IPEndPoint(_localAddress, 0));
            await active.ConnectAsync(_target!, cancellationToken);
            return new NetworkStream(active, ownsSocket: true);
        }
        catch
        {
            active.Dispose();
            throw;
        }
    }

    /// <summary>Whether two addresses are the same host address, IPv4-mapped IPv6 or not.</summary>
    public static bool SameAddress(IPAddress a, IPAddress b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.MapToIPv6().Equals(b.MapToIPv6());
    }

    public void Dispose() => _listener?.Dispose();
}
