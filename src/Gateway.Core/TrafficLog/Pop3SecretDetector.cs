namespace Gateway.Core.TrafficLog;

/// <summary>
/// Finds POP3 secrets: <c>PASS</c>, the digest of <c>APOP</c> (RFC 1939 §7), the initial response of
/// <c>AUTH</c> and every client line while the server answers <c>+ </c> (RFC 5034); also marks
/// <c>RETR</c>/<c>TOP</c> message bodies, which are counted, not logged.
/// </summary>
internal sealed class Pop3SecretDetector : ISecretDetector
{
    private bool _inAuth;
    private bool _bodyRequested;
    private bool _inBody;

    public bool InMessageBody(bool command) => !command && _inBody;

    public void EndMessageBody(bool command) => _inBody = false;

    public string Redact(bool command, string line, bool truncated, out FollowingBytes following, out long literalLength)
    {
        following = FollowingBytes.None;
        literalLength = 0;
        if (!command)
        {
            if (_inAuth && !line.StartsWith("+ ", StringComparison.Ordinal) && line != "+")
            {
                _inAuth = false;
            }

            if (_bodyRequested)
            {
                _bodyRequested = false;
                _inBody = line.StartsWith("+OK", StringComparison.Ordinal);
            }

            return line;
        }

        if (_inAuth)
        {
            return line == "*" ? line : SecretDetectors.Redacted;
        }

        var position = 0;
        var verb = SecretDetectors.Word(line, ref position);
        if (verb.Equals("PASS", StringComparison.OrdinalIgnoreCase))
        {
            return $"{verb} {SecretDetectors.Redacted}";
        }

        if (verb.Equals("APOP", StringComparison.OrdinalIgnoreCase))
        {
            var name = SecretDetectors.Word(line, ref position);
            return $"{verb} {name} {SecretDetectors.Redacted}";
        }

        if (verb.Equals("AUTH", StringComparison.OrdinalIgnoreCase))
        {
            var mechanism = SecretDetectors.Word(line, ref position);
            if (mechanism.Length == 0)
            {
                return line;
            }

            _inAuth = true;
            return line.AsSpan(position).Trim().Length > 0 || truncated ? $"{verb} {mechanism} {SecretDetectors.Redacted}" : line;
        }

        _bodyRequested = verb.Equals("RETR", StringComparison.OrdinalIgnoreCase) || verb.Equals("TOP", StringComparison.OrdinalIgnoreCase);
        return line;
    }
}
