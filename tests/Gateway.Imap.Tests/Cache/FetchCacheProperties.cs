using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Core.Cache;
using Gateway.Imap.Cache;

namespace Gateway.Imap.Tests.Cache;

/// <summary>
/// Storing a server's answer item by item and composing a hit from the store gives back the server's line, for any
/// choice and order of items (the server answers UID first, then the items in the order asked).
/// </summary>
public sealed class FetchCacheProperties : IDisposable
{
    private static readonly (string Request, string Answer)[] Pool =
    [
        ("FLAGS", "FLAGS (\\Seen $Label1)"),
        ("RFC822.SIZE", "RFC822.SIZE 4321"),
        ("INTERNALDATE", "INTERNALDATE \"17-Jul-1996 02:44:25 -0700\""),
        ("ENVELOPE", "ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) NIL NIL NIL NIL NIL NIL \"<B27397-0100000@cac.washington.edu>\")"),
        ("BODYSTRUCTURE", "BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92 NIL NIL NIL NIL)"),
        ("BODY.PEEK[HEADER]", "BODY[HEADER] {23}\r\nSubject: hi\r\nX: {3}\r\n\r\n"),
        ("BODY.PEEK[]", "BODY[] {13}\r\nA: b\r\n\r\nbody)"),
        ("RFC822.HEADER", "RFC822.HEADER {8}\r\nA: b\r\n\r\n"),
        ("BODY.PEEK[1]<2.3>", "BODY[1]<2> {3}\r\n(x)"),
        ("MODSEQ", "MODSEQ (77)"),
    ];

    private readonly TempCacheDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Property(MaxTest = 60)]
    public bool Composed_hit_equals_the_direct_answer(NonEmptyArray<int> picks, PositiveInt uidSeed)
    {
        var chosen = picks.Get.Select(p => Pool[Math.Abs(p % Pool.Length)]).Distinct().ToList();
        var uid = (long)uidSeed.Get;
        var mailbox = new MessageCacheMailbox("dovecot", "alice", "INBOX", uid);
        var store = new MessageCacheStore(new MessageCacheOptions { Directory = Path.Combine(_dir.Path, Guid.NewGuid().ToString("N")), MaxSizeMB = 4 });
        var command = $"a UID FETCH {uid} ({string.Join(' ', chosen.Select(c => c.Request))})";
        var direct = $"* 3 FETCH (UID {uid} {string.Join(' ', chosen.Select(c => c.Answer))})\r\n";
        if (!FetchCommandParser.TryParse(Encoding.UTF8.GetBytes(command), out var request) || !FetchResponse.TryParse(Encoding.UTF8.GetBytes(direct), out var answer))
        {
            return false;
        }

        foreach (var item in answer.Items)
        {
            if (request.CacheableItemFor(item.Name) is { } requested
                && !store.TryStoreAsync(mailbox.Key(uid, requested.CacheKey!), FetchResponseComposer.EntryBytes(item)).AsTask().GetAwaiter().GetResult())
            {
                return false;
            }
        }

        var plan = FetchPlanner.PlanUid(request, store.ListUids(mailbox), (u, key) => store.Contains(mailbox.Key(u, key)));
        if (!request.AnyCacheable)
        {
            return plan.Hits.Count == 0;
        }

        // Upstream answers the hit command with UID and the mutable items only.
        var mutable = answer.Items.Where(i => i.Name == "UID" || request.CacheableItemFor(i.Name) is null).Select(i => Encoding.UTF8.GetString(i.Raw.Span));
        if (!FetchResponse.TryParse(Encoding.UTF8.GetBytes($"* 3 FETCH ({string.Join(' ', mutable)})"), out var upstream))
        {
            return false;
        }

        using var output = new MemoryStream();
        var ok = FetchResponseComposer.TryWriteAsync(output, 3, request, upstream, key => store.TryOpenAsync(mailbox.Key(uid, key))).AsTask().GetAwaiter().GetResult();
        return plan.Hits.SequenceEqual([uid]) && plan.MissCommand is null && ok && Encoding.UTF8.GetString(output.ToArray()) == direct;
    }
}
