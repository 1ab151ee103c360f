namespace Gateway.Core.TrafficLog;

/// <summary>
/// Finds POP3 secrets: <c>PASS</c>, the digest of <c>APOP</c> (RFC 1939 §7), the initial response of
/// <c>AUTH</c> and every client line while the server answers <c>+ </c> (RFC 5034 §4); also marks
/// <c>RETR</c>/<c>TOP</c> message bodies, which are counted, not logged.
/// </summary>
/// <remarks>
/// Replies are matched to commands in order, because a client may pipeline (RFC 2449 §6.6): each
/// command queues the kind of reply it gets, and each status line (<c>+OK</c>/<c>-ERR</c>) takes one.
/// </remarks>
internal sealed class Pop3SecretDetector : ISecretDetector
{
    // More pending replies than this are not tracked: the bodies are then logged line by line.
    private const int MaxPending = 64;

    // Kinds of the replies still owed, oldest first; created on the first command.
    private Queue<ReplyKind>? _pending;

    private ReplyKind _current = ReplyKind.Single;
    private bool _inMultiLine;
    private bool _inAuth;

    private enum ReplyKind : byte
    {
        Single,
        MultiLine,
        Body,
    }

    public bool InMessageBody(bool command) => !command && _inMultiLine && _current == ReplyKind.Body;

    public void EndMessageBody(bool command)
    {
        _inMultiLine = false;
        _current = ReplyKind.Single;
    }

    public string Redact(bool command, string line, bool truncated, out FollowingBytes following, out long literalLength)
    {
        following = FollowingBytes.None;
        literalLength = 0;
        return command ? RedactCommand(line, truncated) : InspectReply(line);
    }

    private string InspectReply(string line)
    {
        if (_inMultiLine)
        {
            if (line == ".")
            {
                EndMessageBody(command: false);
            }

            return line;
        }

        var ok = line.StartsWith("+OK", StringComparison.OrdinalIgnoreCase);
        if (ok || line.StartsWith("-ERR", StringComparison.OrdinalIgnoreCase))
        {
            _inAuth = false;
            if (_pending is { Count: > 0 })
            {
                _current = _pending.Dequeue();
                _inMultiLine = ok && _current != ReplyKind.Single;
            }
        }

        return line;
    }

    private string RedactCommand(string line, bool truncated)
    {
        if (_inAuth)
        {
            return line == "*" ? line : SecretDetectors.Redacted;
        }

        var position = 0;
        var verb = SecretDetectors.Word(line, ref position);
        var hasArgument = SecretDetectors.HasMore(line, position);
        Expect(verb switch
        {
            _ when SecretDetectors.IsAny(verb, "RETR", "TOP") => ReplyKind.Body,
            _ when SecretDetectors.IsAny(verb, "LIST", "UIDL", "AUTH") && !hasArgument => ReplyKind.MultiLine,
            _ when SecretDetectors.IsAny(verb, "CAPA") => ReplyKind.MultiLine,
            _ => ReplyKind.Single,
        });

        if (SecretDetectors.IsAny(verb, "PASS"))
        {
            return $"{verb} {SecretDetectors.Redacted}";
        }

        if (SecretDetectors.IsAny(verb, "APOP"))
        {
            var name = SecretDetectors.Word(line, ref position);
            return $"{verb} {name} {SecretDetectors.Redacted}";
        }

        if (SecretDetectors.IsAny(verb, "AUTH") && hasArgument)
        {
            _inAuth = true;
            var mechanism = SecretDetectors.Word(line, ref position);
            return SecretDetectors.HasMore(line, position) || truncated ? $"{verb} {mechanism} {SecretDetectors.Redacted}" : line;
        }

        return line;
    }

    private void Expect(ReplyKind kind)
    {
        _pending ??= new Queue<ReplyKind>(4);
        if (_pending.Count >= MaxPending)
        {
            _pending.Clear();
        }

        _pending.Enqueue(kind);
    }
}
