namespace Gateway.Core.TrafficLog;

/// <summary>What a secret detector wants done with the literal or body bytes that follow a line.</summary>
internal enum FollowingBytes
{
    /// <summary>Nothing special follows.</summary>
    None,

    /// <summary>The literal announced at the end of the line may be shown if small.</summary>
    Literal,

    /// <summary>The literal announced at the end of the line is a secret.</summary>
    SecretLiteral,
}
