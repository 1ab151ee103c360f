using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.FreeBusy.Wire;

/// <summary>Parses and formats the address arguments of PORT, EPRT, PASV and EPSV.</summary>
internal static class FtpHostPort
{
    /// <summary>Parses a PORT argument.</summary>
    /// <remarks><c>host-port = h1 "," h2 "," h3 "," h4 "," p1 "," p2</c>, each a decimal 0 to 255 (RFC 959 §4.1.2).</remarks>
    public static bool TryParsePort(string argument, out IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(argument);
        endPoint = null!;
        var parts = argument.Trim().Split(',');
        if (parts.Length != 6)
        {
            return false;
        }

        var numbers = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            if (parts[i].Length is < 1 or > 3 || !parts[i].All(char.IsAsciiDigit)
                || !byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        var port = (numbers[4] << 8) | numbers[5];
        if (port == 0)
        {
            return false;
        }

        endPoint = new IPEndPoint(new IPAddress(numbers.AsSpan(0, 4)), port);
        return true;
    }

    /// <summary>Parses an EPRT argument.</summary>
    /// <remarks>
    /// <code>eprt = d net-prt d net-addr d tcp-port d</code> where d is one printable ASCII character,
    /// net-prt 1 (IPv4, dotted quad) or 2 (IPv6), and tcp-port 1 to 65535 (RFC 2428 §2).
    /// </remarks>
    public static bool TryParseEprt(string argument, out IPEndPoint endPoint, out bool unsupportedProtocol)
    {
        ArgumentNullException.ThrowIfNull(argument);
        endPoint = null!;
        unsupportedProtocol = false;
        if (argument.Length < 7 || argument[0] is < '!' or > '~')
        {
            return false;
        }

        var d = argument[0];
        var parts = argument.Split(d);
        if (parts.Length != 5 || parts[0].Length != 0 || parts[4].Length != 0)
        {
            return false;
        }

        if (!int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        IPAddress? address;
        switch (parts[1])
        {
            case "1":
                if (!IsDottedQuad(parts[2]) || !IPAddress.TryParse(parts[2], out address))
                {
                    return false;
                }

                break;
            case "2":
                if (!IPAddress.TryParse(parts[2], out address) || address.AddressFamily != AddressFamily.InterNetworkV6 || parts[2].Contains('%', StringComparison.Ordinal))
                {
                    return false;
                }

                break;
            default:
                unsupportedProtocol = parts[1].Length > 0 && parts[1].All(char.IsAsciiDigit);
                return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }

    /// <summary>The text of a 227 reply, e.g. <c>Entering Passive Mode (127,0,0,1,39,55)</c>.</summary>
    public static string FormatPasv(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        var v4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (v4.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("PASV needs an IPv4 address", nameof(address));
        }

        var b = v4.GetAddressBytes();
        return string.Create(CultureInfo.InvariantCulture, $"Entering Passive Mode ({b[0]},{b[1]},{b[2]},{b[3]},{port >> 8},{port & 0xFF})");
    }

    /// <summary>The text of a 229 reply, e.g. <c>Entering Extended Passive Mode (|||10039|)</c> (RFC 2428 §3).</summary>
    public static string FormatEpsv(int port) => string.Create(CultureInfo.InvariantCulture, $"Entering Extended Passive Mode (|||{port}|)");

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit)
            && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }
}
