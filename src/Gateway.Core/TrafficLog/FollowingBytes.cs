namespace Gateway.Core.TrafficLog;

/// <summary>What a secret detector wants done with the bytes that follow a line.</summary>
internal enum FollowingBytes
{
    /// <summary>Nothing special follows.</summary>
    None,

    /// <summary>A literal of the announced length follows; shown if small, else summarised by size.</summary>
    Literal,

    /// <summary>A literal of the announced length follows and is a secret: it is logged as <c>***</c>.</summary>
    SecretLiteral,

    /// <summary>A message chunk of the announced length follows (SMTP <c>BDAT</c>): counted, never shown.</summary>
    Body,

    /// <summary>
    /// Returned for a reply: the synchronising literal the last command announced will not be sent,
    /// because the server refused the command before its continuation request.
    /// </summary>
    CancelLiteral,
}
