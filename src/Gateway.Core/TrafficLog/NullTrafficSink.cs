namespace Gateway.Core.TrafficLog;

/// <summary>The sink used when <c>Logs:Traffic</c> is off: recorders then only count bytes.</summary>
public sealed class NullTrafficSink : ITrafficSink
{
    private NullTrafficSink()
    {
    }

    /// <summary>The one instance.</summary>
    public static NullTrafficSink Instance { get; } = new();

    /// <inheritdoc/>
    public bool Enabled => false;

    /// <inheritdoc/>
    public void Write(TrafficEntry entry)
    {
    }
}
