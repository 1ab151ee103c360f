namespace Gateway.Core.TrafficLog;

/// <summary>One recorded protocol line, already redacted.</summary>
public sealed record TrafficEntry(
    DateTimeOffset Timestamp,
    string SessionId,
    TrafficProtocol Protocol,
    string? User,
    string Remote,
    TrafficDirection Direction,
    string Text)
{
    /// <summary>The short label of a direction: <c>C:</c>, <c>S:</c>, <c>G:</c> or <c>U:</c>.</summary>
    public static string Label(TrafficDirection direction) => direction switch
    {
        TrafficDirection.FromClient => "C:",
        TrafficDirection.ToClient => "S:",
        TrafficDirection.ToUpstream => "G:",
        TrafficDirection.FromUpstream => "U:",
        _ => "?:",
    };
}
