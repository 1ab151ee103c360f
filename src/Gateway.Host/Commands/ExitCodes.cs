namespace Gateway.Host.Commands;

/// <summary>Process exit codes of <c>scogw</c>.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int ConfigurationError = 2;
    public const int Usage = 64;
}
