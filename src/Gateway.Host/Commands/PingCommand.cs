using System.Text;
using Gateway.Core.Upstream;
using Gateway.Host.Configuration;

namespace Gateway.Host.Commands;

/// <summary>
/// <c>scogw ping</c>: for each configured upstream reports reachability, TLS, certificate and
/// whether the credentials are accepted, one line each; exit 0 only when all pass.
/// </summary>
internal static class PingCommand
{
    public static async Task<int> ExecuteAsync(
        GatewayConfiguration configuration,
        string user,
        bool passwordFromStdin,
        TextReader input,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (configuration.Errors.Count > 0)
        {
            CheckConfigCommand.ReportErrors(configuration, configuration.Errors, error);
            return ExitCodes.ConfigurationError;
        }

        var password = ReadPassword(passwordFromStdin, input, error);
        if (password is null)
        {
            await error.WriteLineAsync("ping: no password: use --password-stdin, or run it in a terminal to be asked");
            return ExitCodes.Usage;
        }

        var upstream = configuration.Options.Upstream;
        var probe = new UpstreamProbe(upstream);
        var results = new List<ProbeResult>();
        if (upstream.Imap.IsConfigured)
        {
            results.Add(await probe.ProbeImapAsync(upstream.Imap, user, password, cancellationToken));
        }

        if (upstream.Smtp.IsConfigured)
        {
            results.Add(await probe.ProbeSmtpAsync(upstream.Smtp, user, password, cancellationToken));
        }

        if (upstream.FreeBusy.Url is not null)
        {
            results.Add(await probe.ProbeFreeBusyAsync(upstream.FreeBusy, user, password, cancellationToken));
        }

        if (results.Count == 0)
        {
            await error.WriteLineAsync("ping: no upstream is configured (Upstream:Imap:Host, Upstream:Smtp:Host, Upstream:FreeBusy:Url)");
            return ExitCodes.Failed;
        }

        foreach (var result in results)
        {
            await output.WriteLineAsync(result.ToLine());
        }

        return results.TrueForAll(r => r.Ok) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static string? ReadPassword(bool fromStdin, TextReader input, TextWriter error)
    {
        if (fromStdin)
        {
            return input.ReadLine();
        }

        if (Console.IsInputRedirected)
        {
            return null;
        }

        error.Write("Password: ");
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }

                continue;
            }

            if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        error.WriteLine();
        return password.ToString();
    }
}
