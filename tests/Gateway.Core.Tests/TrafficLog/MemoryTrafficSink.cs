using Gateway.Core.TrafficLog;

namespace Gateway.Core.Tests.TrafficLog;

/// <summary>Keeps entries in memory; safe to write from several pumps.</summary>
internal sealed class MemoryTrafficSink : ITrafficSink
{
    // _lock guards _entries.
    private readonly Lock _lock = new();
    private readonly List<TrafficEntry> _entries = [];

    public IReadOnlyList<TrafficEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public bool Enabled => true;

    public void Write(TrafficEntry entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
        }
    }

    public string[] Lines => [.. Entries.Select(e => $"{TrafficEntry.Label(e.Direction)} {e.Text}")];
}
