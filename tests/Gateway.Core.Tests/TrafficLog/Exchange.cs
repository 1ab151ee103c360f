using System.Text;
using Gateway.Core.TrafficLog;

namespace Gateway.Core.Tests.TrafficLog;

/// <summary>A scripted exchange fed to a recorder whole, byte by byte, or split at every point.</summary>
public sealed class Exchange(TrafficProtocol protocol, params (TrafficDirection Direction, string Bytes)[] steps)
{
    public string[] Whole() => Run(int.MaxValue);

    public string[] ByteAtATime() => Run(1);

    /// <summary>The log of the exchange with each step cut into two chunks at <paramref name="split"/>.</summary>
    public string[] SplitAt(int split) => Run(int.MaxValue, split);

    public int LongestStep => steps.Max(s => Encoding.UTF8.GetByteCount(s.Bytes));

    private string[] Run(int chunk, int split = -1)
    {
        var sink = new MemoryTrafficSink();
        var recorder = new TrafficRecorder(sink, "s1", protocol, "127.0.0.1:5000");
        foreach (var (direction, text) in steps)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (split >= 0)
            {
                var at = Math.Min(split, bytes.Length);
                recorder.Record(direction, bytes.AsSpan(0, at));
                recorder.Record(direction, bytes.AsSpan(at));
                continue;
            }

            for (var i = 0; i < bytes.Length; i += chunk)
            {
                recorder.Record(direction, bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
            }
        }

        return sink.Lines;
    }
}
