using Gateway.Core.TrafficLog;

namespace Gateway.Core.Tests.TrafficLog;

internal sealed class MemoryTrafficSink : ITrafficSink
{
    public List<TrafficEntry> Entries { get; } = [];

    public bool Enabled => true;

    public void Write(TrafficEntry entry) => Entries.Add(entry);

    public string[] Lines => [.. Entries.Select(e => $"{TrafficEntry.Label(e.Direction)} {e.Text}")];
}
