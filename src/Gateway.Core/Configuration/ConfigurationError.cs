namespace Gateway.Core.Configuration;

/// <summary>One problem in the configuration: the offending key and what is allowed there.</summary>
public sealed record ConfigurationError(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}
