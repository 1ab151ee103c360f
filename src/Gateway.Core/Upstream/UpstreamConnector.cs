using System.Net.Sockets;

namespace Gateway.Core.Upstream;

/// <summary>Opens TCP connections to upstream servers, so that "not reachable" is told apart from TLS and login failures.</summary>
public static class UpstreamConnector
{
    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>, trying every address the name resolves to.</summary>
    /// <exception cref="SocketException">The connection failed (refused, host not found, unreachable).</exception>
    /// <exception cref="TimeoutException">No connection within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<Socket> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(host, port, timeoutSource.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException(TimedOut(timeout));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Says what a failed connect means, e.g. <c>connection refused</c>.</summary>
    public static string Describe(SocketException exception, string host) => exception.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"host not found: {host}",
        SocketError.TimedOut => "timed out",
        SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable",
        SocketError.HostUnreachable or SocketError.HostDown => "host unreachable",
        SocketError.ConnectionReset => "connection reset by the server",
        SocketError.ConnectionAborted => "connection aborted",
        _ => exception.Message,
    };

    /// <summary>The text for a timeout, e.g. <c>timed out after 15 s</c>.</summary>
    public static string TimedOut(TimeSpan timeout) => $"timed out after {timeout.TotalSeconds:0.#} s";

    /// <summary>Formats <c>host:port</c>, bracketing IPv6 literals.</summary>
    public static string EndpointText(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]:{port}" : $"{host}:{port}";
}
