namespace Gateway.Core.TrafficLog;

/// <summary>
/// Finds FTP secrets: the arguments of <c>PASS</c> and <c>ACCT</c> (RFC 959 §4.1.1) and the security
/// data of <c>ADAT</c> (RFC 2228 §3). <c>USER</c> and <c>AUTH TLS</c> stay visible.
/// </summary>
internal sealed class FtpSecretDetector : ISecretDetector
{
    public bool InMessageBody(bool command) => false;

    public void EndMessageBody(bool command)
    {
    }

    public string Redact(bool command, string line, bool truncated, out FollowingBytes following, out long literalLength)
    {
        following = FollowingBytes.None;
        literalLength = 0;
        if (!command)
        {
            return line;
        }

        var position = 0;
        var verb = SecretDetectors.Word(line, ref position);
        return SecretDetectors.IsAny(verb, "PASS", "ACCT", "ADAT")
            ? $"{verb} {SecretDetectors.Redacted}"
            : line;
    }
}
