namespace Gateway.Core.Configuration;

/// <summary>The whole validated configuration of one gateway process.</summary>
public sealed class GatewayOptions
{
    public UpstreamOptions Upstream { get; set; } = new();

    public ListenOptions Listen { get; set; } = new();

    public TlsOptions Tls { get; set; } = new();

    public ImapOptions Imap { get; set; } = new();

    /// <summary>Folder rights (ACL) translation.</summary>
    public AclSettings Acl { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    public Pop3Options Pop3 { get; set; } = new();

    public CacheOptions Cache { get; set; } = new();

    public SpoolOptions Spool { get; set; } = new();

    public FreeBusyOptions FreeBusy { get; set; } = new();

    public LogsOptions Logs { get; set; } = new();
}
