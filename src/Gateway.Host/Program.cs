using System.CommandLine;
using Gateway.Host.Commands;
using Gateway.Host.Configuration;

namespace Gateway.Host;

/// <summary>The <c>scogw</c> command line: run (default), ping, check-config, queue, cache, --version.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var (commandArgs, overrides) = CommandLineSplitter.Split(args);
        if (commandArgs is ["--version"])
        {
            Console.WriteLine(VersionText.Get());
            return ExitCodes.Ok;
        }

        var root = BuildCommandLine(overrides);
        var parsed = root.Parse(commandArgs);
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    internal static RootCommand BuildCommandLine(IReadOnlyDictionary<string, string?> overrides)
    {
        var configOption = new Option<FileInfo?>("--config", "-c")
        {
            Description = "Configuration file (default: config/scogw.json). Replaces the default file; not merged with it.",
            Recursive = true,
        };

        var root = new RootCommand(
            "ScoGateway: a local IMAP/SMTP/FTP gateway that lets Outlook work as a groupware client against any IMAP server.\n"
            + "Settings can be overridden with SCOGW__Section__Key environment variables or --Section:Key=value.");
        root.Options.Add(configOption);

        GatewayConfiguration Load(ParseResult result) =>
            GatewayConfiguration.Load(result.GetValue(configOption)?.FullName, overrides);

        var run = new Command("run", "Start every listener the configuration enables; stop on Ctrl-C or SIGTERM.");
        run.SetAction((result, _) => RunCommand.ExecuteAsync(Load(result), Console.Error));
        root.Subcommands.Add(run);
        root.SetAction((result, _) => RunCommand.ExecuteAsync(Load(result), Console.Error));

        var checkConfig = new Command("check-config", "Validate the configuration and print the effective settings, secrets redacted.");
        checkConfig.SetAction(result => CheckConfigCommand.Execute(Load(result), Console.Out, Console.Error));
        root.Subcommands.Add(checkConfig);

        var user = new Option<string>("--user", "-u") { Description = "Login name to test upstream", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input" };
        var ping = new Command("ping", "Check each configured upstream: reachability, TLS, certificate and credentials; one line each.");
        ping.Options.Add(user);
        ping.Options.Add(passwordStdin);
        ping.SetAction((result, cancellationToken) => PingCommand.ExecuteAsync(
            Load(result), result.GetValue(user)!, result.GetValue(passwordStdin), Console.In, Console.Out, Console.Error, cancellationToken));
        root.Subcommands.Add(ping);

        root.Subcommands.Add(QueueCommand.Create(Load));
        root.Subcommands.Add(CacheCommand.Create(Load));

        return root;
    }
}
