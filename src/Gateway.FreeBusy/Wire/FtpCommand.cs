namespace Gateway.FreeBusy.Wire;

/// <summary>One parsed FTP command line: the verb in upper case and the raw argument (empty when none).</summary>
internal readonly record struct FtpCommand(string Verb, string Argument)
{
    /// <summary>The command for logs and diagnostics, with the arguments of PASS and ACCT replaced by <c>***</c>.</summary>
    public string ToSanitizedString() =>
        Verb is FtpVerbs.Pass or FtpVerbs.Acct ? $"{Verb} ***" : Argument.Length == 0 ? Verb : $"{Verb} {Argument}";

    public override string ToString() => ToSanitizedString();
}
