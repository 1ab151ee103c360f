using System.Buffers;
using System.Globalization;
using System.Text;

namespace Gateway.Core.TrafficLog;

/// <summary>
/// Turns one session's bytes, in both directions and on both legs, into redacted log lines.
/// </summary>
/// <remarks>
/// Lines end at LF (CRLF or bare LF). Bytes are decoded as UTF-8; invalid bytes and control
/// characters are shown escaped (<c>\xFF</c>, <c>\r</c>, <c>\n</c>), so one entry is always one
/// log line. Literal contents are logged only when small and not secret; larger ones and message
/// bodies become one line giving their size. Overlong lines keep their start and end. Memory while
/// idle is a few small fields; a line buffer exists only while a line is incomplete.
/// </remarks>
public sealed class TrafficRecorder
{
    /// <summary>Lines longer than this many bytes are logged shortened.</summary>
    public const int MaxLineBytes = 4096;

    /// <summary>Literals up to this many bytes are logged as text (unless secret).</summary>
    public const int MaxLiteralPreviewBytes = 256;

    // Bytes of an overlong line's end that are kept and shown after the "…".
    private const int TailBytes = 32;

    // A line buffer that grew beyond this is released when its line is complete.
    private const int KeptBufferBytes = 256;

    private readonly ITrafficSink _sink;
    private readonly TimeProvider _time;
    private readonly string _sessionId;
    private readonly TrafficProtocol _protocol;
    private readonly string _remote;

    // _lock guards _states and the detectors: the two directions of a leg are recorded by
    // different pumps, and a detector needs both in order.
    private readonly Lock _lock = new();
    private readonly DirectionState[] _states = new DirectionState[4];
    private ISecretDetector? _clientLeg;
    private ISecretDetector? _upstreamLeg;

    // Updated with Interlocked, outside _lock.
    private long _fromClient;
    private long _toClient;
    private long _toUpstream;
    private long _fromUpstream;

    /// <summary>Creates the recorder of one session.</summary>
    /// <param name="sink">Where the entries go; when <see cref="ITrafficSink.Enabled"/> is false only bytes are counted.</param>
    /// <param name="sessionId">The session id shown on every line.</param>
    /// <param name="protocol">Selects the secret detector.</param>
    /// <param name="remote">The client's endpoint, e.g. <c>127.0.0.1:50123</c>.</param>
    /// <param name="timeProvider">The clock of the entries' timestamps; the system clock by default.</param>
    public TrafficRecorder(ITrafficSink sink, string sessionId, TrafficProtocol protocol, string remote, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(remote);
        _sink = sink;
        _sessionId = sessionId;
        _protocol = protocol;
        _remote = remote;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The authenticated user, once known; shown on every later line.</summary>
    public string? User { get; set; }

    /// <summary>Bytes received from the client so far.</summary>
    public long BytesFromClient => Interlocked.Read(ref _fromClient);

    /// <summary>Bytes sent to the client so far.</summary>
    public long BytesToClient => Interlocked.Read(ref _toClient);

    /// <summary>Bytes sent to the upstream server so far.</summary>
    public long BytesToUpstream => Interlocked.Read(ref _toUpstream);

    /// <summary>Bytes received from the upstream server so far.</summary>
    public long BytesFromUpstream => Interlocked.Read(ref _fromUpstream);

    /// <summary>Bytes recorded in <paramref name="direction"/> so far.</summary>
    public long BytesIn(TrafficDirection direction) => Interlocked.Read(ref Counter(direction));

    /// <summary>Records bytes that travelled in <paramref name="direction"/>, in order, in chunks of any size.</summary>
    public void Record(TrafficDirection direction, ReadOnlySpan<byte> data)
    {
        Interlocked.Add(ref Counter(direction), data.Length);
        if (data.IsEmpty || !_sink.Enabled)
        {
            return;
        }

        lock (_lock)
        {
            var state = _states[(int)direction] ??= new DirectionState();
            while (!data.IsEmpty)
            {
                if (state.LiteralRemaining > 0)
                {
                    data = ConsumeLiteral(direction, state, data);
                    continue;
                }

                var newline = data.IndexOf((byte)'\n');
                state.Append(newline < 0 ? data : data[..newline]);
                if (newline < 0)
                {
                    break;
                }

                data = data[(newline + 1)..];
                CompleteLine(direction, state);
            }
        }
    }

    private ref long Counter(TrafficDirection direction)
    {
        switch (direction)
        {
            case TrafficDirection.FromClient:
                return ref _fromClient;
            case TrafficDirection.ToClient:
                return ref _toClient;
            case TrafficDirection.ToUpstream:
                return ref _toUpstream;
            case TrafficDirection.FromUpstream:
                return ref _fromUpstream;
            default:
                throw new ArgumentOutOfRangeException(nameof(direction), direction, null);
        }
    }

    private static bool IsCommand(TrafficDirection direction) => direction is TrafficDirection.FromClient or TrafficDirection.ToUpstream;

    private ISecretDetector Detector(TrafficDirection direction) =>
        direction is TrafficDirection.FromClient or TrafficDirection.ToClient
            ? _clientLeg ??= SecretDetectors.Create(_protocol)
            : _upstreamLeg ??= SecretDetectors.Create(_protocol);

    private ReadOnlySpan<byte> ConsumeLiteral(TrafficDirection direction, DirectionState state, ReadOnlySpan<byte> data)
    {
        var take = (int)Math.Min(state.LiteralRemaining, data.Length);
        var preview = state.Following == FollowingBytes.Literal && state.LiteralLength <= MaxLiteralPreviewBytes;
        if (preview)
        {
            state.Append(data[..take]);
        }

        state.LiteralRemaining -= take;
        if (state.LiteralRemaining == 0)
        {
            var text = state.Following switch
            {
                FollowingBytes.SecretLiteral => SecretDetectors.Redacted,
                FollowingBytes.Body => $"<message body {state.LiteralLength} octets>",
                _ when preview => Decode(state.Head.AsSpan(0, state.HeadLength), keepTrailingCr: true),
                _ => $"<literal {state.LiteralLength} octets>",
            };
            state.ResetLine();
            state.Following = FollowingBytes.None;
            Emit(direction, text);
        }

        return data[take..];
    }

    private void CompleteLine(TrafficDirection direction, DirectionState state)
    {
        var command = IsCommand(direction);
        var detector = Detector(direction);
        var truncated = state.Truncated;
        var length = state.LineLength;
        var text = state.Text();
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
        if (truncated)
        {
            redacted += $" <line of {length + 1} octets shortened>";
        }

        // The rest of a line after a literal is often empty: the literal's own entry says enough.
        if (redacted.Length > 0 || !state.AfterLiteral)
        {
            Emit(direction, redacted);
        }

        state.AfterLiteral = false;
        switch (following)
        {
            case FollowingBytes.CancelLiteral:
                CancelLiteral(direction);
                break;
            case not FollowingBytes.None when literalLength > 0:
                state.Following = following;
                state.LiteralLength = literalLength;
                state.LiteralRemaining = literalLength;
                state.AfterLiteral = true;
                break;
        }
    }

    // The server refused a command before its synchronising literal: stop waiting for the literal's bytes.
    private void CancelLiteral(TrafficDirection replyDirection)
    {
        var commandDirection = replyDirection == TrafficDirection.ToClient ? TrafficDirection.FromClient : TrafficDirection.ToUpstream;
        var state = _states[(int)commandDirection];
        if (state is not null && state.LiteralRemaining > 0 && state.LiteralRemaining == state.LiteralLength)
        {
            state.LiteralRemaining = 0;
            state.Following = FollowingBytes.None;
            state.AfterLiteral = false;
        }
    }

    private void Emit(TrafficDirection direction, string text) =>
        _sink.Write(new TrafficEntry(_time.GetUtcNow(), _sessionId, _protocol, User, _remote, direction, text));

    /// <summary>Decodes UTF-8, showing invalid bytes as <c>\xNN</c> and control characters escaped.</summary>
    internal static string Decode(ReadOnlySpan<byte> bytes, bool keepTrailingCr = false)
    {
        if (!keepTrailingCr && !bytes.IsEmpty && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (!bytes.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
        {
            return Encoding.ASCII.GetString(bytes);
        }

        var text = new StringBuilder(bytes.Length + 16);
        Span<char> chars = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) != OperationStatus.Done)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{bytes[0]:X2}");
                bytes = bytes[1..];
                continue;
            }

            bytes = bytes[consumed..];
            switch (rune.Value)
            {
                case '\t':
                    text.Append('\t');
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case < 0x20 or 0x7F:
                    text.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:X2}");
                    break;
                case (>= 0x80 and <= 0x9F) or 0x2028 or 0x2029:
                    text.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}");
                    break;
                default:
                    text.Append(chars[..rune.EncodeToUtf16(chars)]);
                    break;
            }
        }

        return text.ToString();
    }

    // The bytes of the line (or small literal) in progress in one direction. Touched only under _lock.
    private sealed class DirectionState
    {
        public byte[] Head = [];
        public int HeadLength;
        public byte[] Tail = [];
        public int TailLength;
        public long LineLength;
        public FollowingBytes Following;
        public long LiteralLength;
        public long LiteralRemaining;
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

            if (bytes.IsEmpty)
            {
                return;
            }

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

        public string Text()
        {
            if (!Truncated)
            {
                return Decode(Head.AsSpan(0, HeadLength));
            }

            return $"{Decode(Head.AsSpan(0, HeadLength), keepTrailingCr: true)}…{Decode(Tail.AsSpan(0, TailLength))}";
        }

        public void ResetLine()
        {
            HeadLength = 0;
            TailLength = 0;
            LineLength = 0;
            if (Head.Length > KeptBufferBytes)
            {
                Head = [];
            }

            Tail = [];
        }
    }
}
