namespace Gateway.Imap.Cache;

/// <summary>
/// What the relay knows of the selected mailbox's message numbers as the client sees them: pairs of message
/// sequence number and UID learned from FETCH answers, kept true through EXPUNGE. It lets a FETCH of cached items be
/// answered without asking the server which number a UID has.
/// </summary>
/// <remarks>
/// <para>Stored as runs of consecutive numbers with consecutive UIDs, so a mailbox of any size whose UIDs have few
/// gaps costs a few dozen bytes. Numbers and UIDs both ascend (RFC 9051 §2.3.1.1), so one sorted list answers both
/// ways by binary search.</para>
/// <para>Anything that does not fit what the protocol allows (a number learned with two UIDs, UIDs out of order)
/// forgets everything: the relay then asks the server again, as it does for numbers it never learned.</para>
/// <para>Not thread-safe; the relay calls it under its lock.</para>
/// </remarks>
internal sealed class MessageNumbers
{
    // Beyond this many runs (a mailbox full of gaps) the map is dropped rather than grown.
    private const int MaxRuns = 4096;

    private readonly List<Run> _runs = [];

    /// <summary>The number of runs held (for tests and the memory bound).</summary>
    public int RunCount => _runs.Count;

    /// <summary>Forgets everything (another mailbox was selected, or the numbering can no longer be followed).</summary>
    public void Clear() => _runs.Clear();

    /// <summary>Records that message <paramref name="number"/> has UID <paramref name="uid"/>.</summary>
    public void Learn(long number, long uid)
    {
        if (number <= 0 || uid <= 0)
        {
            return;
        }

        var index = FindByNumber(number);
        if (index >= 0)
        {
            if (_runs[index].UidOf(number) != uid)
            {
                _runs.Clear(); // contradicts what was learned: trust nothing
            }

            return;
        }

        // ~index is where a run starting at number would go; the runs around it must stay in UID order.
        var at = ~index;
        var before = at > 0 ? _runs[at - 1] : default;
        var after = at < _runs.Count ? _runs[at] : default;
        if ((at > 0 && before.UidOf(before.Last) >= uid) || (at < _runs.Count && after.Uid <= uid))
        {
            _runs.Clear();
            return;
        }

        var joinsBefore = at > 0 && before.Last == number - 1 && before.UidOf(before.Last) == uid - 1;
        var joinsAfter = at < _runs.Count && after.Number == number + 1 && after.Uid == uid + 1;
        if (joinsBefore && joinsAfter)
        {
            _runs[at - 1] = before with { Count = before.Count + 1 + after.Count };
            _runs.RemoveAt(at);
        }
        else if (joinsBefore)
        {
            _runs[at - 1] = before with { Count = before.Count + 1 };
        }
        else if (joinsAfter)
        {
            _runs[at] = new Run(number, uid, after.Count + 1);
        }
        else if (_runs.Count >= MaxRuns)
        {
            _runs.Clear();
        }
        else
        {
            _runs.Insert(at, new Run(number, uid, 1));
        }
    }

    /// <summary><c>* n EXPUNGE</c>: message n is gone and every later message's number drops by one.</summary>
    public void Expunge(long number)
    {
        var index = FindByNumber(number);
        int next;
        if (index >= 0)
        {
            var run = _runs[index];
            var head = number - run.Number;
            var tail = run.Count - head - 1;
            if (head == 0 && tail == 0)
            {
                _runs.RemoveAt(index);
                next = index;
            }
            else if (head == 0)
            {
                // The rest of the run now starts at the expunged message's number.
                _runs[index] = new Run(number, run.Uid + 1, tail);
                next = index + 1;
            }
            else if (tail == 0)
            {
                _runs[index] = run with { Count = head };
                next = index + 1;
            }
            else if (_runs.Count >= MaxRuns)
            {
                _runs.Clear();
                return;
            }
            else
            {
                _runs[index] = run with { Count = head };
                _runs.Insert(index + 1, new Run(number, run.UidOf(number) + 1, tail));
                next = index + 2;
            }
        }
        else
        {
            next = ~index;
        }

        for (var i = next; i < _runs.Count; i++)
        {
            _runs[i] = _runs[i] with { Number = _runs[i].Number - 1 };
        }
    }

    /// <summary>The message number of <paramref name="uid"/>, when known.</summary>
    public bool TryGetNumber(long uid, out long number)
    {
        var index = Find(uid, byUid: true);
        number = index >= 0 ? _runs[index].Number + (uid - _runs[index].Uid) : 0;
        return index >= 0;
    }

    /// <summary>The UID of message <paramref name="number"/>, when known.</summary>
    public bool TryGetUid(long number, out long uid)
    {
        var index = FindByNumber(number);
        uid = index >= 0 ? _runs[index].UidOf(number) : 0;
        return index >= 0;
    }

    // The index of the run holding number, or the bitwise complement of where such a run would be inserted.
    private int FindByNumber(long number) => Find(number, byUid: false);

    // Binary search by number or by UID: both ascend along the list.
    private int Find(long value, bool byUid)
    {
        int low = 0, high = _runs.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var first = byUid ? _runs[mid].Uid : _runs[mid].Number;
            if (value < first)
            {
                high = mid - 1;
            }
            else if (value > first + _runs[mid].Count - 1)
            {
                low = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return ~low;
    }

    /// <summary>Messages Number … Number+Count−1 have UIDs Uid … Uid+Count−1.</summary>
    private readonly record struct Run(long Number, long Uid, long Count)
    {
        public long Last => Number + Count - 1;

        public long UidOf(long number) => Uid + (number - Number);
    }
}
