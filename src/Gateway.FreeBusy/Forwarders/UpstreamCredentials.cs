namespace Gateway.FreeBusy.Forwarders;

/// <summary>A user name and password for the free/busy upstream; never printed.</summary>
internal sealed record UpstreamCredentials(string User, string Password)
{
    public override string ToString() => $"UpstreamCredentials {{ User = {User} }}";
}
