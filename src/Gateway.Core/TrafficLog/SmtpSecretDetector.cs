namespace Gateway.Core.TrafficLog;

/// <summary>
/// Finds SMTP secrets: the initial response of <c>AUTH</c> and every client line while the server keeps
/// answering <c>334</c> (RFC 4954 §4); also marks the DATA body, which is counted, not logged.
/// </summary>
internal sealed class SmtpSecretDetector : ISecretDetector
{
    private bool _inAuth;
    private bool _dataSent;
    private bool _inBody;

    public bool InMessageBody(bool command) => command && _inBody;

    public void EndMessageBody(bool command) => _inBody = false;

    public string Redact(bool command, string line, bool truncated, out FollowingBytes following, out long literalLength)
    {
        following = FollowingBytes.None;
        literalLength = 0;
        if (!command)
        {
            if (_inAuth && !line.StartsWith("334", StringComparison.Ordinal))
            {
                _inAuth = false;
            }

            if (_dataSent)
            {
                _dataSent = false;
                _inBody = line.StartsWith("354", StringComparison.Ordinal);
            }

            return line;
        }

        if (_inAuth)
        {
            return line == "*" ? line : SecretDetectors.Redacted;
        }

        var position = 0;
        var verb = SecretDetectors.Word(line, ref position);
        if (verb.Equals("AUTH", StringComparison.OrdinalIgnoreCase))
        {
            _inAuth = true;
            var mechanism = SecretDetectors.Word(line, ref position);
            return line.AsSpan(position).Trim().Length > 0 || truncated ? $"{verb} {mechanism} {SecretDetectors.Redacted}" : line;
        }

        _dataSent = verb.Equals("DATA", StringComparison.OrdinalIgnoreCase);
        return line;
    }
}
