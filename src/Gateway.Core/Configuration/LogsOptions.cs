namespace Gateway.Core.Configuration;

/// <summary>The <c>Logs</c> section.</summary>
public sealed class LogsOptions
{
    /// <summary>Folder of the rolling service log and the traffic log.</summary>
    public string Path { get; set; } = "logs";

    /// <summary>Write the per-session traffic log (both directions, secrets redacted).</summary>
    public bool Traffic { get; set; }

    /// <summary>Also write the traffic log as compact JSON (one event per line).</summary>
    public bool TrafficJson { get; set; }

    /// <summary>Minimum level of the service log: Verbose, Debug, Information, Warning, Error, Fatal.</summary>
    public string Level { get; set; } = "Information";

    /// <summary>Days of rolling log files to keep.</summary>
    public int RetainDays { get; set; } = 14;
}
