using Gateway.Core.Configuration;

namespace Gateway.FreeBusy.Forwarders;

/// <summary>Makes the <see cref="IFreeBusyTarget"/> for <c>Upstream:FreeBusy:Url</c>.</summary>
internal static class FreeBusyTargets
{
    /// <summary>The target, or null when no URL is configured (then files are only kept locally).</summary>
    public static IFreeBusyTarget? Create(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var freeBusy = options.Upstream.FreeBusy;
        return freeBusy.Url switch
        {
            null => null,
            { Scheme: "ftp" or "ftps" } url => new FtpTarget(url, freeBusy, options.Upstream),
            { Scheme: "http" or "https" } url => new HttpTarget(url, freeBusy, options.Upstream),
            { Scheme: "imap" or "imaps" } url => new ImapTarget(url, freeBusy, options.Upstream, options.FreeBusy.ImapFolder),
            { } url => throw new ArgumentException($"unsupported free/busy URL scheme '{url.Scheme}'", nameof(options)),
        };
    }
}
