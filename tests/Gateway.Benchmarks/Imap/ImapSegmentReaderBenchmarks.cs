using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Imap.Wire;

namespace Gateway.Benchmarks.Imap;

/// <summary>
/// The relay's per-line cost: framing a response stream of 1,000 FETCH responses (header literals
/// included) and 1,000 pipelined commands into segments and literals, from 4 KB pipe buffers.
/// </summary>
[MemoryDiagnoser]
public class ImapSegmentReaderBenchmarks
{
    private ReadOnlySequence<byte> _responses;
    private ReadOnlySequence<byte> _commands;

    [GlobalSetup]
    public void Setup()
    {
        var responses = new StringBuilder();
        for (var i = 1; i <= 1000; i++)
        {
            var header = $"From: sender{i}@example.com\r\nTo: alice@lab.test\r\nSubject: message number {i}\r\nDate: Mon, 06 Jan 2025 10:00:00 +0000\r\n\r\n";
            responses.Append(FormattableString.Invariant($"* {i} FETCH (UID {i} FLAGS (\\Seen) RFC822.SIZE {1000 + i} BODY[HEADER] {{{Encoding.ASCII.GetByteCount(header)}}}\r\n{header})\r\n"));
        }

        var commands = new StringBuilder();
        for (var i = 1; i <= 1000; i++)
        {
            commands.Append(FormattableString.Invariant($"a{i} UID FETCH {i} (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER])\r\n"));
        }

        _responses = PipeChunks.Of(Encoding.ASCII.GetBytes(responses.ToString()));
        _commands = PipeChunks.Of(Encoding.ASCII.GetBytes(commands.ToString()));
        ResponseBytes = _responses.Length;
        CommandBytes = _commands.Length;
    }

    /// <summary>Input size per operation, to turn the mean time into MB/s.</summary>
    public long ResponseBytes { get; private set; }

    public long CommandBytes { get; private set; }

    [Benchmark]
    public int FetchResponses() => Frame(_responses, serverResponse: true);

    [Benchmark]
    public int PipelinedCommands() => Frame(_commands, serverResponse: false);

    // As the relay sees it: a sequence of 4 KB pipe segments; literal bytes are skipped, not parsed.
    private static int Frame(ReadOnlySequence<byte> input, bool serverResponse)
    {
        var segments = 0;
        var continuation = false;
        var buffer = input;
        while (true)
        {
            if (ImapSegmentReader.TryRead(ref buffer, ImapLimits.Default, serverResponse, continuation, out var segment) != SegmentStatus.Done)
            {
                return segments;
            }

            segments++;
            continuation = segment.Literal is not null;
            if (segment.Literal is { } literal)
            {
                buffer = buffer.Slice(literal.Length);
            }
        }
    }
}
