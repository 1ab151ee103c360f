using System.Net;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Fixtures;

/// <summary>Hands out loopback ports that were free a moment ago, never the same one twice per test run.</summary>
internal static class FreePorts
{
    // s_given guards against handing the same port to two fixtures that start in parallel.
    private static readonly HashSet<int> s_given = [];

    public static int Next()
    {
        while (true)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            lock (s_given)
            {
                if (s_given.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>A run of <paramref name="count"/> consecutive free ports (for FTP passive ranges).</summary>
    public static int NextRange(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(30000, 60000 - count);
            var ok = true;
            lock (s_given)
            {
                for (var p = first; p < first + count && ok; p++)
                {
                    ok = !s_given.Contains(p) && IsFree(p);
                }

                if (ok)
                {
                    for (var p = first; p < first + count; p++)
                    {
                        s_given.Add(p);
                    }

                    return first;
                }
            }
        }

        throw new InvalidOperationException($"no run of {count} free loopback ports found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
