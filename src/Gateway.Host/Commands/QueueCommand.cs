using System.CommandLine;
using System.Globalization;
using Gateway.Host.Configuration;
using Gateway.Smtp.Spool;

namespace Gateway.Host.Commands;

/// <summary>
/// <c>scogw queue list | retry [ID] | delete ID</c>: the SMTP spool for admins. It works on the spool folder
/// directly, so it needs no running gateway; a running one notices a retry by the rewritten envelope.
/// </summary>
internal static class QueueCommand
{
    public static Command Create(Func<ParseResult, GatewayConfiguration> load)
    {
        var queue = new Command("queue", "Show and manage the SMTP spool (messages waiting for the upstream server).");

        var list = new Command("list", "List spooled messages: id, age, sender, recipients, attempts, next attempt, last error.");
        list.SetAction(result => List(load(result), Console.Out, Console.Error));
        queue.Subcommands.Add(list);

        var retryId = new Argument<string?>("ID") { Description = "The message to retry; all messages when omitted", Arity = ArgumentArity.ZeroOrOne };
        var retry = new Command("retry", "Make one message, or all, due for delivery now.");
        retry.Arguments.Add(retryId);
        retry.SetAction((result, cancellationToken) => RetryAsync(load(result), result.GetValue(retryId), Console.Out, Console.Error, cancellationToken));
        queue.Subcommands.Add(retry);

        var deleteId = new Argument<string>("ID") { Description = "The message to delete (no DSN is sent)" };
        var delete = new Command("delete", "Delete a spooled message without delivering it.");
        delete.Arguments.Add(deleteId);
        delete.SetAction(result => Delete(load(result), result.GetValue(deleteId)!, Console.Out, Console.Error));
        queue.Subcommands.Add(delete);
        return queue;
    }

    public static int List(GatewayConfiguration configuration, TextWriter output, TextWriter error)
    {
        if (Spool(configuration, error) is not { } spool)
        {
            return ExitCodes.ConfigurationError;
        }

        var envelopes = spool.List(out var problems);
        var now = DateTimeOffset.UtcNow;
        foreach (var e in envelopes)
        {
            var pending = string.Join(",", e.Pending.Select(r => r.Address));
            var failed = e.Recipients.Where(r => r.Failed).Select(r => r.Address).ToList();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{e.Id}  {Age(now - e.Received),6}  {e.Size,9}  user={e.User}  from=<{e.Sender}>  to={pending}{(failed.Count > 0 ? $"  failed={string.Join(",", failed)}" : "")}  attempts={e.Attempts}  next={e.NextAttempt.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z{(e.LastError is null ? "" : $"  error={e.LastError}")}"));
        }

        foreach (var problem in problems)
        {
            error.WriteLine($"damaged: {problem}");
        }

        output.WriteLine($"{envelopes.Count} message(s) in {spool.Root}");
        return problems.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    public static async Task<int> RetryAsync(GatewayConfiguration configuration, string? id, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (Spool(configuration, error) is not { } spool)
        {
            return ExitCodes.ConfigurationError;
        }

        if (id is not null && !MessageSpool.IsValidId(id))
        {
            await error.WriteLineAsync($"queue retry: '{id}' is not a spool id (see scogw queue list)");
            return ExitCodes.Usage;
        }

        var count = await spool.RetryAsync(id, cancellationToken);
        if (id is not null && count == 0)
        {
            await error.WriteLineAsync($"queue retry: no message {id} in {spool.Root}");
            return ExitCodes.Failed;
        }

        await output.WriteLineAsync($"{count} message(s) due now");
        return ExitCodes.Ok;
    }

    public static int Delete(GatewayConfiguration configuration, string id, TextWriter output, TextWriter error)
    {
        if (Spool(configuration, error) is not { } spool)
        {
            return ExitCodes.ConfigurationError;
        }

        if (!MessageSpool.IsValidId(id))
        {
            error.WriteLine($"queue delete: '{id}' is not a spool id (see scogw queue list)");
            return ExitCodes.Usage;
        }

        if (!spool.Delete(id))
        {
            error.WriteLine($"queue delete: no message {id} in {spool.Root}");
            return ExitCodes.Failed;
        }

        output.WriteLine($"deleted {id}");
        return ExitCodes.Ok;
    }

    private static MessageSpool? Spool(GatewayConfiguration configuration, TextWriter error)
    {
        if (configuration.Errors.Count > 0)
        {
            CheckConfigCommand.ReportErrors(configuration, configuration.Errors, error);
            return null;
        }

        return new MessageSpool(configuration.Options.Spool.Path);
    }

    private static string Age(TimeSpan age) => age.TotalMinutes < 1 ? $"{age.TotalSeconds:0}s"
        : age.TotalHours < 1 ? $"{age.TotalMinutes:0}m"
        : age.TotalDays < 1 ? $"{age.TotalHours:0.#}h"
        : $"{age.TotalDays:0.#}d";
}
