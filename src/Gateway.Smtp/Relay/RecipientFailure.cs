namespace Gateway.Smtp.Relay;

/// <summary>A recipient that was not delivered.</summary>
/// <param name="Address">The recipient.</param>
/// <param name="Code">The SMTP reply code (4xx or 5xx); 451 when the server could not be asked.</param>
/// <param name="Reply">The reply line as an SMTP client would see it, e.g. <c>550 5.1.1 &lt;x@y&gt;: Recipient address rejected</c>.</param>
internal sealed record RecipientFailure(string Address, int Code, string Reply);
