using Gateway.Pop3.Wire;

namespace Gateway.Pop3.Maildrop;

/// <summary>
/// The maildrop of one session: the upstream mailbox's messages at login, numbered 1..n in UID order, with sizes
/// and deletion marks. Numbers and sizes never change during the session (RFC 1939 §4), whatever happens upstream.
/// </summary>
internal sealed class Pop3Maildrop
{
    private readonly uint[] _uids;
    private readonly long[] _sizes;
    private readonly bool[] _deleted;

    /// <param name="uidValidity">The mailbox's UIDVALIDITY.</param>
    /// <param name="messages">UID and size of every message; sorted here by UID.</param>
    public Pop3Maildrop(uint uidValidity, IEnumerable<(uint Uid, long Size)> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var sorted = messages.OrderBy(m => m.Uid).ToArray();
        UidValidity = uidValidity;
        _uids = [.. sorted.Select(m => m.Uid)];
        _sizes = [.. sorted.Select(m => m.Size)];
        _deleted = new bool[sorted.Length];
    }

    public uint UidValidity { get; }

    /// <summary>Messages at login, deleted ones included: the highest valid message number.</summary>
    public int Count => _uids.Length;

    /// <summary>Messages not marked deleted.</summary>
    public int Remaining => _deleted.Count(d => !d);

    /// <summary>Octets of the messages not marked deleted.</summary>
    public long RemainingOctets => Enumerable.Range(0, _uids.Length).Where(i => !_deleted[i]).Sum(i => _sizes[i]);

    /// <summary>UIDs of the messages marked deleted, ascending.</summary>
    public IReadOnlyList<uint> DeletedUids => [.. Enumerable.Range(0, _uids.Length).Where(i => _deleted[i]).Select(i => _uids[i])];

    /// <summary>Whether <paramref name="number"/> names a message that exists and is not marked deleted.</summary>
    public bool IsAvailable(int number) => number >= 1 && number <= _uids.Length && !_deleted[number - 1];

    /// <summary>Whether <paramref name="number"/> names a message that is marked deleted.</summary>
    public bool IsDeleted(int number) => number >= 1 && number <= _uids.Length && _deleted[number - 1];

    public uint Uid(int number) => _uids[number - 1];

    public long Size(int number) => _sizes[number - 1];

    public string Uidl(int number) => Pop3Uidl.Format(UidValidity, _uids[number - 1]);

    /// <summary>Marks a message deleted; false when it does not exist or is marked already.</summary>
    public bool Delete(int number)
    {
        if (!IsAvailable(number))
        {
            return false;
        }

        _deleted[number - 1] = true;
        return true;
    }

    /// <summary>Removes every deletion mark (RSET).</summary>
    public void Reset() => Array.Clear(_deleted);
}
