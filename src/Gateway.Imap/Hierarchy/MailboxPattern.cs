namespace Gateway.Imap.Hierarchy;

/// <summary>
/// An RFC 3501 LIST pattern: <c>*</c> matches any run of characters, <c>%</c> any run without the delimiter,
/// everything else itself (case-sensitively).
/// </summary>
/// <remarks>
/// <code>
/// list-mailbox = 1*list-char / string        list-wildcards = "%" / "*"        (RFC 3501 §9, §6.3.8)
/// </code>
/// Matching runs the pattern as an NFA over its positions, so it is linear in the name times the pattern
/// (no backtracking blow-up on <c>*%*%*</c>).
/// </remarks>
internal sealed class MailboxPattern
{
    private readonly string _pattern;
    private readonly char _delimiter;

    /// <summary>Creates a matcher for <paramref name="pattern"/> with hierarchy delimiter <paramref name="delimiter"/>.</summary>
    public MailboxPattern(string pattern, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        _pattern = pattern;
        _delimiter = delimiter;
    }

    /// <summary>The pattern text.</summary>
    public string Pattern => _pattern;

    /// <summary>Whether the pattern ends with <c>%</c>, so implied parent levels are listed too (RFC 3501 §6.3.9).</summary>
    public bool EndsWithPercent => _pattern.EndsWith('%');

    /// <summary>Whether <paramref name="name"/> matches the whole pattern.</summary>
    public bool Matches(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var states = Run(name);
        return states is not null && states[_pattern.Length];
    }

    /// <summary>Whether some name that starts with <paramref name="prefix"/> could match (the prefix itself included).</summary>
    public bool CouldMatchStartingWith(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return Run(prefix) is not null;
    }

    // Returns the set of pattern positions reachable after consuming text (closed under wildcard skips), or null if none.
    private bool[]? Run(string text)
    {
        var current = new bool[_pattern.Length + 1];
        var next = new bool[_pattern.Length + 1];
        current[0] = true;
        Close(current);
        foreach (var c in text)
        {
            Array.Clear(next);
            var any = false;
            for (var i = 0; i < _pattern.Length; i++)
            {
                if (!current[i])
                {
                    continue;
                }

                var p = _pattern[i];
                if (p == '*' || (p == '%' && c != _delimiter))
                {
                    next[i] = true;
                    any = true;
                }
                else if (p == c && p != '%')
                {
                    next[i + 1] = true;
                    any = true;
                }
            }

            if (!any)
            {
                return null;
            }

            Close(next);
            (current, next) = (next, current);
        }

        return current;
    }

    private void Close(bool[] states)
    {
        for (var i = 0; i < _pattern.Length; i++)
        {
            if (states[i] && _pattern[i] is '*' or '%')
            {
                states[i + 1] = true;
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => _pattern;
}
