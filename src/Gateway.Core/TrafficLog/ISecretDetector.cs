namespace Gateway.Core.TrafficLog;

/// <summary>
/// Redacts secrets from the lines of one session leg (client↔gateway or gateway↔upstream).
/// </summary>
/// <remarks>
/// It sees both directions of its leg in the order they happened, because the end of a secret
/// exchange is often the other side's reply (IMAP's tagged completion of AUTHENTICATE, SMTP's last
/// <c>334</c>). The <see cref="TrafficRecorder"/> cuts the bytes into lines first, so a detector is
/// incremental per line and never sees a chunk boundary: feeding one byte at a time gives the same
/// calls as feeding the whole exchange at once. Lines come without CRLF; literal bytes announced
/// at a line's end are consumed by the recorder as <see cref="FollowingBytes"/> says.
/// </remarks>
internal interface ISecretDetector
{
    /// <summary>Returns <paramref name="line"/> with every secret replaced by <c>***</c>.</summary>
    /// <param name="command">True for the command side (client or gateway sending), false for replies.</param>
    /// <param name="line">The line text, without CRLF.</param>
    /// <param name="truncated">The middle of an overlong line is missing from <paramref name="line"/>.</param>
    /// <param name="following">What the bytes announced at the end of the line are, if any.</param>
    /// <param name="literalLength">The announced length, when <paramref name="following"/> announces bytes.</param>
    string Redact(bool command, string line, bool truncated, out FollowingBytes following, out long literalLength);

    /// <summary>True while the lines on that side are a message body that is counted, not logged.</summary>
    bool InMessageBody(bool command);

    /// <summary>Ends a message body (its terminating <c>.</c> line was seen).</summary>
    void EndMessageBody(bool command);
}
