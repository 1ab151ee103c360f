namespace Gateway.Host.Configuration;

/// <summary>
/// Separates configuration overrides (<c>--Section:Key=value</c> or <c>--Section:Key value</c>)
/// from the command's own arguments, which System.CommandLine parses.
/// </summary>
internal static class CommandLineSplitter
{
    public static (string[] CommandArgs, Dictionary<string, string?> Overrides) Split(IReadOnlyList<string> args)
    {
        var commandArgs = new List<string>();
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf(':', StringComparison.Ordinal) > 2)
            {
                var body = arg[2..];
                var equals = body.IndexOf('=', StringComparison.Ordinal);
                if (equals >= 0)
                {
                    overrides[body[..equals]] = body[(equals + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    overrides[body] = args[++i];
                }
                else
                {
                    overrides[body] = "";
                }

                continue;
            }

            commandArgs.Add(arg);
        }

        return ([.. commandArgs], overrides);
    }
}
