namespace Gateway.Core.TrafficLog;

/// <summary>The sink used when <c>Logs:Traffic</c> is off.</summary>
public sealed class NullTrafficSink : ITrafficSink
{
    public static NullTrafficSink Instance { get; } = new();

    public bool Enabled => false;

    public void Write(TrafficEntry entry)
    {
    }
}
