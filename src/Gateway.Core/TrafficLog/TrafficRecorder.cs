using System.Text;

namespace Gateway.Core.TrafficLog;

/// <summary>
/// Turns one session's bytes, in both directions and on both legs, into redacted log lines.
/// </summary>
/// <remarks>
/// Lines end at LF (CRLF or bare LF). Literal contents are logged only when small and not secret;
/// larger ones and message bodies become one line giving their size. Overlong lines keep their start
/// and end. Memory while idle is a few small fields; line buffers exist only while a line is incomplete.
/// </remarks>
public sealed class TrafficRecorder
{
    /// <summary>Lines longer than this many bytes are logged shortened.</summary>
    public const int MaxLineBytes = 4096;

    /// <summary>Literals up to this many bytes are logged as text (unless secret).</summary>
    public const int MaxLiteralPreviewBytes = 256;

    private const int TailBytes = 32;

    private readonly ITrafficSink _sink;
    private readonly TimeProvider _time;
    private readonly string _sessionId;
    private readonly TrafficProtocol _protocol;
    private readonly string _remote;
    private readonly ISecretDetector _clientLeg;
    private readonly ISecretDetector _upstreamLeg;

    // _lock guards the per-direction states and the detectors: the two directions of a leg are
    // recorded by different pumps, and a detector needs both in order.
    private readonly Lock _lock = new();
    private readonly DirectionState[] _states = [new(), new(), new(), new()];
    private readonly long[] _bytes = new long[4];

    public TrafficRecorder(ITrafficSink sink, string sessionId, TrafficProtocol protocol, string remote, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        _sessionId = sessionId;
        _protocol = protocol;
        _remote = remote;
        _time = timeProvider ?? TimeProvider.System;
        _clientLeg = SecretDetectors.Create(protocol);
        _upstreamLeg = SecretDetectors.Create(protocol);
    }

    /// <summary>The authenticated user, once known; shown on every later line.</summary>
    public string? User { get; set; }

    /// <summary>Bytes recorded in <paramref name="direction"/> so far.</summary>
    public long BytesIn(TrafficDirection direction) => Interlocked.Read(ref _bytes[(int)direction]);

    /// <summary>Records bytes that travelled in <paramref name="direction"/>, in order.</summary>
    public void Record(TrafficDirection direction, ReadOnlySpan<byte> data)
    {
        Interlocked.Add(ref _bytes[(int)direction], data.Length);
        if (!_sink.Enabled || data.IsEmpty)
        {
            return;
        }

        lock (_lock)
        {
            var state = _states[(int)direction];
            while (!data.IsEmpty)
            {
                if (state.LiteralRemaining > 0)
                {
                    data = ConsumeLiteral(direction, state, data);
                    continue;
                }

                var newline = data.IndexOf((byte)'\n');
                var chunk = newline < 0 ? data : data[..newline];
                state.Append(chunk);
                if (newline < 0)
                {
                    break;
                }

                data = data[(newline + 1)..];
                CompleteLine(direction, state);
            }
        }
    }

    private ReadOnlySpan<byte> ConsumeLiteral(TrafficDirection direction, DirectionState state, ReadOnlySpan<byte> data)
    {
        var take = (int)Math.Min(state.LiteralRemaining, data.Length);
        if (!state.LiteralSecret && state.LiteralLength <= MaxLiteralPreviewBytes)
        {
            state.Append(data[..take]);
        }

        state.LiteralRemaining -= take;
        if (state.LiteralRemaining == 0)
        {
            var text = state.LiteralSecret
                ? SecretDetectors.Redacted
                : state.LiteralLength <= MaxLiteralPreviewBytes
                    ? Decode(state.Head.AsSpan(0, state.HeadLength))
                    : $"<literal {state.LiteralLength} octets>";
            state.ResetLine();
            Emit(direction, text);
        }

        return data[take..];
    }

    private void CompleteLine(TrafficDirection direction, DirectionState state)
    {
        var command = direction is TrafficDirection.FromClient or TrafficDirection.ToUpstream;
        var detector = direction is TrafficDirection.FromClient or TrafficDirection.ToClient ? _clientLeg : _upstreamLeg;
        var truncated = state.Truncated;
        var length = state.LineLength;
        var text = state.Text(TailBytes);
        state.ResetLine();

        if (detector.InMessageBody(command))
        {
            if (text == ".")
            {
                detector.EndMessageBody(command);
                Emit(direction, $"<message body {state.BodyBytes} octets>");
                Emit(direction, ".");
                state.BodyBytes = 0;
            }
            else
            {
                state.BodyBytes += length + 1;
            }

            return;
        }

        var redacted = detector.Redact(command, text, truncated, out var following, out var literalLength);
        if (truncated && following == FollowingBytes.None)
        {
            redacted += $" <line of {length + 1} octets shortened>";
        }

        if (redacted.Length > 0 || !state.AfterLiteral)
        {
            Emit(direction, redacted);
        }

        state.AfterLiteral = false;
        if (following != FollowingBytes.None && literalLength > 0)
        {
            state.LiteralLength = literalLength;
            state.LiteralRemaining = literalLength;
            state.LiteralSecret = following == FollowingBytes.SecretLiteral;
            state.AfterLiteral = true;
        }
    }

    private void Emit(TrafficDirection direction, string text) =>
        _sink.Write(new TrafficEntry(_time.GetUtcNow(), _sessionId, _protocol, User, _remote, direction, text));

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private sealed class DirectionState
    {
        public byte[] Head = [];
        public int HeadLength;
        public byte[] Tail = [];
        public int TailLength;
        public long LineLength;
        public long LiteralLength;
        public long LiteralRemaining;
        public bool LiteralSecret;
        public bool AfterLiteral;
        public long BodyBytes;

        public bool Truncated => LineLength > MaxLineBytes;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            LineLength += bytes.Length;
            var room = MaxLineBytes - HeadLength;
            if (room > 0)
            {
                var head = bytes[..Math.Min(room, bytes.Length)];
                if (Head.Length < HeadLength + head.Length)
                {
                    Array.Resize(ref Head, Math.Min(MaxLineBytes, Math.Max(64, (HeadLength + head.Length) * 2)));
                }

                head.CopyTo(Head.AsSpan(HeadLength));
                HeadLength += head.Length;
                bytes = bytes[head.Length..];
            }

            if (!bytes.IsEmpty)
            {
                if (Tail.Length == 0)
                {
                    Tail = new byte[TailBytes];
                }

                // Keep the last TailBytes bytes of the line.
                if (bytes.Length >= TailBytes)
                {
                    bytes[^TailBytes..].CopyTo(Tail);
                    TailLength = TailBytes;
                }
                else
                {
                    var keep = Math.Min(TailLength, TailBytes - bytes.Length);
                    Tail.AsSpan(TailLength - keep, keep).CopyTo(Tail);
                    bytes.CopyTo(Tail.AsSpan(keep));
                    TailLength = keep + bytes.Length;
                }
            }
        }

        public string Text(int tailBytes)
        {
            var head = Decode(Head.AsSpan(0, HeadLength));
            if (!Truncated)
            {
                return head;
            }

            return $"{head}…{Decode(Tail.AsSpan(0, Math.Min(TailLength, tailBytes)))}";
        }

        public void ResetLine()
        {
            HeadLength = 0;
            TailLength = 0;
            LineLength = 0;
            if (Head.Length > 256)
            {
                Head = [];
            }
        }
    }
}
