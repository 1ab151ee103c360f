using Gateway.Core.Configuration;

namespace Gateway.Smtp.Front;

/// <summary>Decides which addresses a login may send as (<c>Smtp:RequireSenderMatch</c>, <c>LocalDomains</c>, <c>SenderAliases</c>).</summary>
/// <remarks>
/// A login's addresses: the login itself when it is an address; otherwise <c>login@domain</c> for each local
/// domain; plus its aliases. Addresses compare case-insensitively: the servers behind the gateway treat
/// local parts that way, and Outlook may change the case of what the user typed.
/// </remarks>
internal sealed class SenderPolicy
{
    private readonly bool _required;
    private readonly IReadOnlyList<string> _domains;
    private readonly Dictionary<string, IReadOnlyList<string>> _aliases;

    public SenderPolicy(SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _required = options.RequireSenderMatch;
        _domains = options.LocalDomains;
        _aliases = new Dictionary<string, IReadOnlyList<string>>(options.SenderAliases, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether the check is on at all.</summary>
    public bool Required => _required;

    /// <summary>Whether <paramref name="login"/> may use <paramref name="address"/> as sender (always true when the check is off).</summary>
    public bool IsAllowed(string login, string address)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(address);
        if (!_required)
        {
            return true;
        }

        if (address.Length == 0)
        {
            return false;
        }

        if (login.Contains('@', StringComparison.Ordinal))
        {
            if (login.Equals(address, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        else
        {
            var at = address.LastIndexOf('@');
            if (at > 0
                && address.AsSpan(0, at).Equals(login, StringComparison.OrdinalIgnoreCase)
                && _domains.Any(d => address.AsSpan(at + 1).Equals(d, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return _aliases.TryGetValue(login, out var aliases) && aliases.Any(a => a.Equals(address, StringComparison.OrdinalIgnoreCase));
    }
}
