namespace Gateway.Core.TrafficLog;

/// <summary>One recorded protocol line, already redacted.</summary>
/// <param name="Timestamp">When the line was recorded (UTC).</param>
/// <param name="SessionId">The session the line belongs to.</param>
/// <param name="Protocol">The session's protocol.</param>
/// <param name="User">The authenticated user, or null before login.</param>
/// <param name="Remote">The client's endpoint.</param>
/// <param name="Direction">Which way the line travelled.</param>
/// <param name="Text">The redacted line without CRLF, control characters escaped.</param>
public sealed record TrafficEntry(
    DateTimeOffset Timestamp,
    string SessionId,
    TrafficProtocol Protocol,
    string? User,
    string Remote,
    TrafficDirection Direction,
    string Text)
{
    /// <summary>
    /// The short label of a direction: <c>C:</c> client→gateway, <c>S:</c> gateway→client,
    /// <c>G:</c> gateway→upstream, <c>U:</c> upstream→gateway.
    /// </summary>
    public static string Label(TrafficDirection direction) => direction switch
    {
        TrafficDirection.FromClient => "C:",
        TrafficDirection.ToClient => "S:",
        TrafficDirection.ToUpstream => "G:",
        TrafficDirection.FromUpstream => "U:",
        _ => "?:",
    };
}
