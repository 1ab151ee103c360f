using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Imap.Wire;

namespace Gateway.Benchmarks.Imap;

/// <summary>
/// Tokenizing cost of <see cref="ImapReader"/>: a 1,000-message <c>FETCH (UID FLAGS RFC822.SIZE ENVELOPE)</c>
/// response stream, the same with BODY[HEADER] literals materialised, and 1,000 pipelined commands, all from
/// 4 KB pipe buffers. One operation reads the whole stream; divide its size by the mean for MB/s.
/// </summary>
[MemoryDiagnoser]
public class ImapParserBenchmarks
{
    // Static so the benchmark class owns nothing disposable; one line is reused for every read, as a session does.
    private static readonly ImapLine s_line = new();
    private ReadOnlySequence<byte> _envelopes;
    private ReadOnlySequence<byte> _headers;
    private ReadOnlySequence<byte> _commands;

    public long EnvelopeBytes { get; private set; }

    public long HeaderBytes { get; private set; }

    public long CommandBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var envelopes = new StringBuilder();
        var headers = new StringBuilder();
        var commands = new StringBuilder();
        for (var i = 1; i <= 1000; i++)
        {
            envelopes.Append(FormattableString.Invariant(
                $"* {i} FETCH (UID {i} FLAGS (\\Seen $Label1) RFC822.SIZE {1000 + i} ENVELOPE (\"Mon, 06 Jan 2025 10:00:00 +0000\" \"Re: message \\\"number\\\" {i}\" ((\"Sender {i}\" NIL \"sender{i}\" \"example.com\")) ((\"Sender {i}\" NIL \"sender{i}\" \"example.com\")) ((\"Sender {i}\" NIL \"sender{i}\" \"example.com\")) ((\"Alice\" NIL \"alice\" \"lab.test\")) NIL NIL NIL \"<{i}@example.com>\"))\r\n"));
            var header = $"From: sender{i}@example.com\r\nTo: alice@lab.test\r\nSubject: message number {i}\r\n\r\n";
            headers.Append(FormattableString.Invariant($"* {i} FETCH (UID {i} BODY[HEADER] {{{Encoding.ASCII.GetByteCount(header)}}}\r\n{header})\r\n"));
            commands.Append(FormattableString.Invariant($"a{i} UID FETCH {i}:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.100>)\r\n"));
        }

        envelopes.Append("a1 OK [READ-ONLY] Fetch completed (0.001 + 0.000 secs).\r\n");
        _envelopes = PipeChunks.Of(Encoding.ASCII.GetBytes(envelopes.ToString()));
        _headers = PipeChunks.Of(Encoding.ASCII.GetBytes(headers.ToString()));
        _commands = PipeChunks.Of(Encoding.ASCII.GetBytes(commands.ToString()));
        EnvelopeBytes = _envelopes.Length;
        HeaderBytes = _headers.Length;
        CommandBytes = _commands.Length;
        Console.WriteLine($"// envelopes {EnvelopeBytes} B, headers {HeaderBytes} B, commands {CommandBytes} B");
    }

    [GlobalCleanup]
    public void Cleanup() => s_line.Release();

    [Benchmark]
    public int FetchEnvelopeResponses() => ReadAll(_envelopes, ImapReaderState.ForResponses());

    [Benchmark]
    public int FetchHeaderLiteralResponses() => ReadAll(_headers, ImapReaderState.ForResponses());

    [Benchmark]
    public int UidFetchCommands() => ReadAll(_commands, ImapReaderState.ForCommands());

    private int ReadAll(ReadOnlySequence<byte> input, ImapReaderState state)
    {
        var tokens = 0;
        var limits = ImapLimits.Default;
        while (input.Length > 0)
        {
            OperationStatus status;
            SequencePosition consumed;
            status = state.PendingLiteral is null
                ? ImapReader.TryReadSegment(ref state, input, s_line, limits, out consumed, out _, out _)
                : ImapReader.TryReadLiteral(ref state, input, s_line, limits, out consumed, out _, out _);
            if (status != OperationStatus.Done)
            {
                throw new InvalidOperationException(status.ToString());
            }

            input = input.Slice(consumed);
            if (s_line.IsComplete)
            {
                tokens += s_line.Count;
            }
        }

        return tokens;
    }
}
