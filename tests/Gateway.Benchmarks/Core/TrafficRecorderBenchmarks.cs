using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Core.TrafficLog;

namespace Gateway.Benchmarks.Core;

/// <summary>
/// Cost of the traffic recorder on a relay's hot path: a FETCH response stream of 1,000 messages
/// (headers as small literals) recorded with logging on (to a sink that discards) and off.
/// </summary>
[MemoryDiagnoser]
public class TrafficRecorderBenchmarks
{
    private byte[] _fetchResponses = [];
    private byte[] _commands = [];

    private sealed class DiscardingSink : ITrafficSink
    {
        public bool Enabled => true;

        public void Write(TrafficEntry entry)
        {
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var responses = new StringBuilder();
        for (var i = 1; i <= 1000; i++)
        {
            var header = $"From: sender{i}@example.com\r\nTo: alice@lab.test\r\nSubject: message number {i}\r\nDate: Mon, 06 Jan 2025 10:00:00 +0000\r\n\r\n";
            responses.Append(FormattableString.Invariant($"* {i} FETCH (UID {i} FLAGS (\\Seen) RFC822.SIZE {1000 + i} BODY[HEADER] {{{Encoding.ASCII.GetByteCount(header)}}}\r\n{header})\r\n"));
        }

        responses.Append("A0005 OK FETCH completed\r\n");
        _fetchResponses = Encoding.ASCII.GetBytes(responses.ToString());
        var commands = new StringBuilder();
        for (var i = 1; i <= 1000; i++)
        {
            commands.Append(FormattableString.Invariant($"a{i} UID FETCH {i} (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER])\r\n"));
        }

        _commands = Encoding.ASCII.GetBytes(commands.ToString());
    }

    /// <summary>Bytes processed per operation, to turn the mean time into MB/s.</summary>
    public int ResponseBytes => _fetchResponses.Length;

    [Benchmark(Baseline = true)]
    public long Responses_LoggingOff()
    {
        var recorder = new TrafficRecorder(NullTrafficSink.Instance, "s", TrafficProtocol.Imap, "r");
        Feed(recorder, TrafficDirection.FromUpstream, _fetchResponses);
        return recorder.BytesIn(TrafficDirection.FromUpstream);
    }

    [Benchmark]
    public long Responses_LoggingOn()
    {
        var recorder = new TrafficRecorder(new DiscardingSink(), "s", TrafficProtocol.Imap, "r");
        Feed(recorder, TrafficDirection.FromUpstream, _fetchResponses);
        return recorder.BytesIn(TrafficDirection.FromUpstream);
    }

    [Benchmark]
    public long Commands_LoggingOn()
    {
        var recorder = new TrafficRecorder(new DiscardingSink(), "s", TrafficProtocol.Imap, "r");
        Feed(recorder, TrafficDirection.FromClient, _commands);
        return recorder.BytesIn(TrafficDirection.FromClient);
    }

    // Socket reads arrive in chunks; 4 KB is what a pipe typically hands over.
    private static void Feed(TrafficRecorder recorder, TrafficDirection direction, byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i += 4096)
        {
            recorder.Record(direction, bytes.AsSpan(i, Math.Min(4096, bytes.Length - i)));
        }
    }
}
