using System.Globalization;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Gateway.Benchmarks.EndToEnd;

/// <summary>What the end-to-end tools share: arguments, endpoints, IMAP connections, medians.</summary>
internal static class BenchSupport
{
    public static async Task<ImapClient> ConnectAsync((string Host, int Port) endpoint, SecureSocketOptions security, string? ca, string user, string password)
    {
        var client = new ImapClient();
        if (ca is not null)
        {
            // The same validation the gateway applies upstream, trusting the test CA.
            client.ServerCertificateValidationCallback = new Gateway.Core.Upstream.UpstreamCertificateValidator(false, ca).CreateCallback(endpoint.Host);
        }

        await client.ConnectAsync(endpoint.Host, endpoint.Port, security);
        await client.AuthenticateAsync(user, password);
        return client;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static (string Host, int Port) Endpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        return (text[..colon], int.Parse(text[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    public static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }
}
