namespace Gateway.Core.TrafficLog;

/// <summary>Receives redacted traffic entries; must never block or throw into a session.</summary>
public interface ITrafficSink
{
    /// <summary>Whether entries are wanted at all; recorders skip all work when false.</summary>
    bool Enabled { get; }

    /// <summary>Queues one entry.</summary>
    void Write(TrafficEntry entry);
}
