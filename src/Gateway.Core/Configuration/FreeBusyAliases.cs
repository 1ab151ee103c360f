using System.Collections;

namespace Gateway.Core.Configuration;

/// <summary><c>FreeBusy:Aliases</c>: for a login (compared case-insensitively), the other names it may publish as.</summary>
public sealed class FreeBusyAliases : IEnumerable<KeyValuePair<string, IReadOnlyList<string>>>
{
    private readonly Dictionary<string, IReadOnlyList<string>> _aliases;

    public FreeBusyAliases()
        : this(new Dictionary<string, IReadOnlyList<string>>())
    {
    }

    public FreeBusyAliases(IDictionary<string, IReadOnlyList<string>> aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        _aliases = new Dictionary<string, IReadOnlyList<string>>(aliases, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The extra names of <paramref name="login"/>; empty when it has none.</summary>
    public IReadOnlyList<string> For(string login) => _aliases.TryGetValue(login, out var names) ? names : [];

    public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator() => _aliases.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        _aliases.Count == 0 ? "" : string.Join("; ", _aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={string.Join(',', a.Value)}"));
}
