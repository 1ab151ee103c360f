namespace Gateway.Imap.Session;

/// <summary>A logged-in connection to the upstream IMAP server.</summary>
internal sealed class ImapUpstreamConnection : IAsyncDisposable
{
    public ImapUpstreamConnection(ImapPipes pipes, IReadOnlyList<string> capabilities, string tlsDescription, string greeting = "")
    {
        Greeting = greeting;
        Pipes = pipes;
        Capabilities = capabilities;
        TlsDescription = tlsDescription;
    }

    public ImapPipes Pipes { get; }

    /// <summary>The server's capabilities after login, as it sent them.</summary>
    public IReadOnlyList<string> Capabilities { get; }

    /// <summary>The server's greeting line, e.g. <c>* OK [CAPABILITY ...] Dovecot ready.</c> (for server detection).</summary>
    public string Greeting { get; }

    /// <summary>E.g. <c>Tls13</c> or <c>none</c>, for the log.</summary>
    public string TlsDescription { get; }

    public bool Has(string capability) => Capabilities.Contains(capability, StringComparer.OrdinalIgnoreCase);

    public async ValueTask DisposeAsync()
    {
        await Pipes.Reader.CompleteAsync();
        await Pipes.Writer.CompleteAsync();
        await Pipes.Stream.DisposeAsync();
    }
}
