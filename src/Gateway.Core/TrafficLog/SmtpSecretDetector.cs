using System.Globalization;

namespace Gateway.Core.TrafficLog;

/// <summary>
/// Finds SMTP secrets: the initial response of <c>AUTH</c> and every client line while the server keeps
/// answering <c>334</c> (RFC 4954 §4), whatever the mechanism; also marks the <c>DATA</c> body and
/// <c>BDAT</c> chunks (RFC 3030), which are counted, not logged.
/// </summary>
/// <remarks>
/// <code>
/// auth-command = "AUTH" SP sasl-mech [SP initial-response] *(CRLF [base64]) [CRLF cancel-response] CRLF
/// bdat-cmd     = "BDAT" SP chunk-size [SP end-marker] CRLF
/// </code>
/// A reply of <c>354</c> is only ever sent to <c>DATA</c>, so it starts the body even when the client
/// pipelined <c>DATA</c> behind <c>MAIL</c> and <c>RCPT</c> (RFC 2920) and other replies came first.
/// </remarks>
internal sealed class SmtpSecretDetector : ISecretDetector
{
    // From AUTH until the server's first reply that is not 334.
    private bool _inAuth;

    // The server's last reply was 334: the next client line is a SASL response, however AUTH began.
    private bool _saslResponseExpected;

    private bool _inBody;

    public bool InMessageBody(bool command) => command && _inBody;

    public void EndMessageBody(bool command) => _inBody = false;

    public string Redact(bool command, string line, bool truncated, out FollowingBytes following, out long literalLength)
    {
        following = FollowingBytes.None;
        literalLength = 0;
        if (!command)
        {
            _saslResponseExpected = line.StartsWith("334", StringComparison.Ordinal);
            if (!_saslResponseExpected)
            {
                _inAuth = false;
            }

            if (line.StartsWith("354", StringComparison.Ordinal))
            {
                _inBody = true;
            }

            return line;
        }

        if (_inAuth || _saslResponseExpected)
        {
            _saslResponseExpected = false;
            return line == "*" ? line : SecretDetectors.Redacted;
        }

        var position = 0;
        var verb = SecretDetectors.Word(line, ref position);
        if (verb.Equals("AUTH", StringComparison.OrdinalIgnoreCase))
        {
            _inAuth = true;
            var mechanism = SecretDetectors.Word(line, ref position);
            return SecretDetectors.HasMore(line, position) || truncated ? $"{verb} {mechanism} {SecretDetectors.Redacted}" : line;
        }

        if (verb.Equals("BDAT", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(SecretDetectors.Word(line, ref position), NumberStyles.None, CultureInfo.InvariantCulture, out literalLength))
        {
            following = FollowingBytes.Body;
        }

        return line;
    }
}
