namespace Gateway.Core.Upstream;

/// <summary>The outcome of checking one upstream server certificate, for reports such as <c>scogw ping</c>.</summary>
/// <param name="Accepted">Whether the connection was allowed to go on.</param>
/// <param name="Text">What was found, e.g. <c>valid</c>, <c>untrusted root: CN=Lab CA</c> or <c>name mismatch: ...</c>.</param>
/// <param name="Subject">The server certificate's subject, or <see langword="null"/> when the server sent none.</param>
public sealed record CertificateValidation(bool Accepted, string Text, string? Subject);
