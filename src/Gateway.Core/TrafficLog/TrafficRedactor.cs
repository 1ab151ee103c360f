using System.Text;

namespace Gateway.Core.TrafficLog;

/// <summary>Redacts secrets from command text for diagnostics, the way the traffic log does.</summary>
public static class TrafficRedactor
{
    /// <summary>
    /// Returns the command <paramref name="line"/> with its secrets replaced by <c>***</c>, e.g.
    /// <c>a1 LOGIN alice ***</c>; control characters and invalid bytes are shown escaped.
    /// </summary>
    /// <remarks>
    /// The text is read as a client would send it from the start of a session, so a line that
    /// only makes sense inside an exchange (a bare SASL response) is not recognised as secret.
    /// Several lines (with literals) are joined by <c>" | "</c>.
    /// </remarks>
    public static string Redact(TrafficProtocol protocol, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var bytes = Encoding.UTF8.GetBytes(line.EndsWith('\n') ? line : line + "\r\n");
        var sink = new CollectingSink();
        new TrafficRecorder(sink, "", protocol, "").Record(TrafficDirection.FromClient, bytes);
        return string.Join(" | ", sink.Lines);
    }

    private sealed class CollectingSink : ITrafficSink
    {
        public List<string> Lines { get; } = [];

        public bool Enabled => true;

        public void Write(TrafficEntry entry) => Lines.Add(entry.Text);
    }
}
