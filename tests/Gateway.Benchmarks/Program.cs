using Gateway.Benchmarks.EndToEnd;

namespace Gateway.Benchmarks;

internal static class Program
{
    /// <summary>
    /// <c>dotnet run -c Release -- [BenchmarkDotNet arguments]</c> runs the micro benchmarks;
    /// <c>dotnet run -c Release -- imap-e2e ...</c> runs the direct-vs-gateway tool (see scripts/bench-imap);
    /// <c>imap-cache ...</c> the message cache's cold/warm one (scripts/bench-imap cache);
    /// <c>smtp-e2e ...</c> the SMTP one (see scripts/bench-smtp).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["imap-e2e", ..])
        {
            return await ImapEndToEnd.RunAsync(args[1..]);
        }

        if (args is ["imap-cache", ..])
        {
            return await ImapCacheEndToEnd.RunAsync(args[1..]);
        }

        if (args is ["smtp-e2e", ..])
        {
            return await SmtpEndToEnd.RunAsync(args[1..]);
        }

        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
