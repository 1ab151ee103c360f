namespace Gateway.Smtp.Relay;

/// <summary>What happened to each recipient of one relay attempt.</summary>
/// <param name="Delivered">Recipients the upstream server took.</param>
/// <param name="Permanent">Recipients refused for good (5xx), with the server's reply.</param>
/// <param name="Temporary">Recipients to try again (4xx, or the server could not be reached), with the reason.</param>
/// <param name="UpstreamReply">The server's answer to the message when it was delivered, e.g. <c>2.0.0 Ok: queued as 4Xy</c>.</param>
internal sealed record RelayOutcome(
    IReadOnlyList<string> Delivered,
    IReadOnlyList<RecipientFailure> Permanent,
    IReadOnlyList<RecipientFailure> Temporary,
    string? UpstreamReply)
{
    /// <summary>Every recipient failed the same way (unreachable server, refused sender or content).</summary>
    public static RelayOutcome AllFailed(IEnumerable<string> recipients, int code, string reply)
    {
        var failures = recipients.Select(r => new RecipientFailure(r, code, reply)).ToList();
        return code >= 500 ? new RelayOutcome([], failures, [], null) : new RelayOutcome([], [], failures, null);
    }
}
