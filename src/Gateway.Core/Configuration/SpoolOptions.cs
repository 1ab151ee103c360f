namespace Gateway.Core.Configuration;

/// <summary>The <c>Spool</c> section: where accepted SMTP messages wait for the upstream.</summary>
public sealed class SpoolOptions
{
    public string Path { get; set; } = "spool";
}
