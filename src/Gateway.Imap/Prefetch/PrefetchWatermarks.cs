namespace Gateway.Imap.Prefetch;

/// <summary>
/// Per folder of one user: the UIDNEXT seen by the last finished run, so the next run looks only at messages that
/// arrived since. Used by one run at a time (the schedule never runs a user twice at once), so it needs no lock.
/// </summary>
/// <remarks>
/// Without it every run would look at the newest <c>Cache:PrefetchNewest</c> messages again and fetch whatever the
/// cache evicted in between: with many users and a small <c>Cache:MaxSizeMB</c>, prefetch would keep downloading
/// the same messages. In memory only: after a restart the first run looks at the newest messages once more.
/// </remarks>
internal sealed class PrefetchWatermarks
{
    private readonly Dictionary<string, (long UidValidity, long UidNext)> _folders = new(StringComparer.Ordinal);

    /// <summary>The first UID not looked at yet in <paramref name="mailbox"/>, or null when its messages were never looked at under this UIDVALIDITY.</summary>
    public long? Next(string mailbox, long uidValidity) =>
        _folders.TryGetValue(mailbox, out var mark) && mark.UidValidity == uidValidity ? mark.UidNext : null;

    /// <summary>Records that every UID below <paramref name="uidNext"/> was looked at.</summary>
    public void Set(string mailbox, long uidValidity, long uidNext) => _folders[mailbox] = (uidValidity, uidNext);
}
