using System.Collections.Concurrent;

namespace Gateway.Pop3.Maildrop;

/// <summary>
/// Exact sizes measured by RETR where the upstream's RFC822.SIZE was wrong, so that later sessions report them.
/// </summary>
/// <remarks>
/// A server that follows RFC 3501 reports RFC822.SIZE of the message with CRLF line ends, which is what RETR sends
/// before dot-stuffing, and nothing is ever added here. Some servers count a stored bare-LF message as stored; the
/// first RETR then measures the true size (the session that announced the wrong size keeps it, since sizes must not
/// change within a session) and every later session's LIST and STAT use the measured one. In process memory only,
/// keyed by user, mailbox, UIDVALIDITY and UID (immutable message content), capped in entries.
/// </remarks>
internal sealed class Pop3SizeMemo
{
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(string User, string Mailbox, uint UidValidity, uint Uid), long> _sizes = new();

    public int Count => _sizes.Count;

    public bool TryGet(string user, string mailbox, uint uidValidity, uint uid, out long size) =>
        _sizes.TryGetValue((user, mailbox, uidValidity, uid), out size);

    public void Remember(string user, string mailbox, uint uidValidity, uint uid, long size)
    {
        if (_sizes.Count < MaxEntries)
        {
            _sizes[(user, mailbox, uidValidity, uid)] = size;
        }
    }
}
