using System.Text;
using Gateway.Core.Cache;
using Gateway.Imap.Cache;

namespace Gateway.Imap.Tests.Cache;

public sealed class FetchResponseComposerTests : IDisposable
{
    private static readonly MessageCacheMailbox Inbox = new("dovecot", "alice", "INBOX", 42);
    private readonly TempCacheDirectory _dir = new();
    private readonly MessageCacheStore _store;

    public FetchResponseComposerTests() => _store = new MessageCacheStore(new MessageCacheOptions { Enabled = true, Directory = _dir.Path, MaxSizeMB = 8 });

    public void Dispose() => _dir.Dispose();

    private static FetchRequest Parse(string line)
    {
        Assert.True(FetchCommandParser.TryParse(Encoding.UTF8.GetBytes(line), out var request), line);
        return request;
    }

    private static FetchResponse Response(string line)
    {
        Assert.True(FetchResponse.TryParse(Encoding.UTF8.GetBytes(line), out var response), line);
        return response;
    }

    // Stores what the server sent for a miss, the way the relay will.
    private async Task StoreMissAsync(FetchRequest request, string line)
    {
        var response = Response(line);
        var uid = response.Uid!.Value;
        foreach (var item in response.Items)
        {
            if (request.CacheableItemFor(item.Name) is { } requested)
            {
                Assert.True(await _store.TryStoreAsync(Inbox.Key(uid, requested.CacheKey!), FetchResponseComposer.EntryBytes(item)));
            }
        }
    }

    private async Task<string?> ComposeAsync(FetchRequest request, long number, long uid, string upstream)
    {
        using var output = new MemoryStream();
        var ok = await FetchResponseComposer.TryWriteAsync(output, number, request, Response(upstream), key => _store.TryOpenAsync(Inbox.Key(uid, key)));
        return ok ? Encoding.UTF8.GetString(output.ToArray()) : (output.Length == 0 ? null : "partial output!");
    }

    [Fact]
    public void Parses_an_upstream_answer_into_exact_items()
    {
        var r = Response("* 12 FETCH (UID 7 FLAGS (\\Seen $Junk) BODY[] {5}\r\nHello MODSEQ (3) ENVELOPE (\"d\" NIL ((\"A\" NIL \"a\" \"b.test\")) {2}\r\n\r\n) BODY[HEADER.FIELDS (FROM)]<0> \"x\\\"y\")\r\n");
        Assert.Equal(12, r.Number);
        Assert.Equal(7, r.Uid);
        Assert.Equal(["UID", "FLAGS", "BODY[]", "MODSEQ", "ENVELOPE", "BODY[HEADER.FIELDS (FROM)]<0>"], r.Items.Select(i => i.Name));
        Assert.Equal("BODY[] {5}\r\nHello", Encoding.UTF8.GetString(r.Items[2].Raw.Span));
        Assert.Equal("(\"d\" NIL ((\"A\" NIL \"a\" \"b.test\")) {2}\r\n\r\n)", Encoding.UTF8.GetString(r.Items[4].Value));
    }

    [Theory]
    [InlineData("* 1 FETCH (UID 1")]
    [InlineData("* 1 FETCH (BODY[] {10}\r\nshort)")]
    [InlineData("* 1 EXISTS")]
    [InlineData("a1 OK done")]
    [InlineData("* 1 FETCH (UID)")]
    public void Rejects_malformed_answers(string line) => Assert.False(FetchResponse.TryParse(Encoding.UTF8.GetBytes(line), out _));

    [Fact]
    public async Task A_hit_is_answered_with_the_servers_bytes_and_fresh_flags()
    {
        var request = Parse("a UID FETCH 7 (FLAGS RFC822.SIZE BODY.PEEK[HEADER] ENVELOPE)");
        const string direct = "* 3 FETCH (UID 7 FLAGS (\\Seen) RFC822.SIZE 1234 BODY[HEADER] {13}\r\nFrom: a@b\r\n\r\n ENVELOPE (NIL \"s\" NIL NIL NIL NIL NIL NIL NIL NIL))";
        await StoreMissAsync(request, direct);

        var composed = await ComposeAsync(request, 3, 7, "* 3 FETCH (UID 7 FLAGS (\\Answered))");
        Assert.Equal(direct.Replace("(\\Seen)", "(\\Answered)", StringComparison.Ordinal) + "\r\n", composed);
    }

    [Fact]
    public async Task A_sequence_fetch_hides_the_probes_uid_and_keeps_extra_items()
    {
        var request = Parse("a FETCH 3 BODY[]");
        await StoreMissAsync(Parse("a UID FETCH 7 BODY[]"), "* 3 FETCH (UID 7 BODY[] {4}\r\nabcd)");
        var composed = await ComposeAsync(request, 3, 7, "* 3 FETCH (UID 7 FLAGS (\\Seen) MODSEQ (5))");
        Assert.Equal("* 3 FETCH (BODY[] {4}\r\nabcd FLAGS (\\Seen) MODSEQ (5))\r\n", composed);
    }

    [Fact]
    public async Task A_missing_or_corrupt_entry_writes_nothing()
    {
        var request = Parse("a UID FETCH 7 (BODY.PEEK[] ENVELOPE)");
        Assert.True(await _store.TryStoreAsync(Inbox.Key(7, "BODY[]"), "BODY[] {1}\r\nx"u8.ToArray()));
        Assert.Null(await ComposeAsync(request, 1, 7, "* 1 FETCH (UID 7)"));

        Assert.True(await _store.TryStoreAsync(Inbox.Key(7, "ENVELOPE"), "ENVELOPE NIL"u8.ToArray()));

        // Damaged on disk before it was ever read (a verified read keeps small entries in memory).
        foreach (var file in Directory.EnumerateFiles(_dir.Path, "*.entry", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[^1] ^= 0x20;
            await File.WriteAllBytesAsync(file, bytes);
        }

        Assert.Null(await ComposeAsync(request, 1, 7, "* 1 FETCH (UID 7)"));
        Assert.Single(Directory.EnumerateFiles(_dir.Path, "*.entry", SearchOption.AllDirectories)); // the damaged BODY[] is gone
    }

    [Fact]
    public async Task A_large_body_is_copied_byte_for_byte()
    {
        var body = new byte[2 * 1024 * 1024];
        new Random(6).NextBytes(body);
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)(body[i] % 94 + 32);
        }

        var header = Encoding.ASCII.GetBytes($"BODY[] {{{body.Length}}}\r\n");
        var writer = _store.BeginWrite(Inbox.Key(7, "BODY[]"))!;
        await writer.WriteAsync(header);
        await writer.WriteAsync(body);
        Assert.True(await writer.CommitAsync());
        await writer.DisposeAsync();

        using var output = new MemoryStream();
        Assert.True(await FetchResponseComposer.TryWriteAsync(output, 9, Parse("a UID FETCH 7 BODY.PEEK[]"), Response("* 9 FETCH (UID 7)"), key => _store.TryOpenAsync(Inbox.Key(7, key))));
        byte[] expected = [.. "* 9 FETCH (UID 7 "u8.ToArray(), .. header, .. body, .. ")\r\n"u8.ToArray()];
        Assert.Equal(expected, output.ToArray());
    }

    [Theory]
    // item, planned as a hit, composed answer (null: the composer declines and the relay fetches upstream)
    [InlineData("BODY.PEEK[]<0.4>", true, "* 1 FETCH (UID 7 BODY[]<0> {4}\r\nHell)\r\n")]
    [InlineData("BODY.PEEK[]<6.100>", true, "* 1 FETCH (UID 7 BODY[]<6> {5}\r\nWorld)\r\n")]
    [InlineData("BODY.PEEK[]<10.1>", true, "* 1 FETCH (UID 7 BODY[]<10> {1}\r\nd)\r\n")]
    [InlineData("BODY.PEEK[]<11.1>", true, null)]
    [InlineData("BODY.PEEK[1]<0.1>", true, null)] // derivable from BODY[], but "Hello World" has no header
    public async Task A_partial_is_cut_from_the_whole_body(string item, bool planned, string? expected)
    {
        Assert.True(await _store.TryStoreAsync(Inbox.Key(7, "BODY[]"), "BODY[] {11}\r\nHello World"u8.ToArray()));
        var request = Parse($"a UID FETCH 7 {item}");
        Assert.Equal(planned, FetchPlanner.PlanUid(request, [7], (uid, key) => _store.Contains(Inbox.Key(uid, key))).Hits.Count == 1);
        Assert.Equal(expected, await ComposeAsync(request, 1, 7, "* 1 FETCH (UID 7)"));
    }

    [Fact]
    public async Task An_exact_partial_entry_wins_over_cutting()
    {
        Assert.True(await _store.TryStoreAsync(Inbox.Key(7, "BODY[]"), "BODY[] {11}\r\nHello World"u8.ToArray()));
        Assert.True(await _store.TryStoreAsync(Inbox.Key(7, "BODY[]<0.4>"), "BODY[]<0> \"Hell\""u8.ToArray()));
        Assert.Equal("* 1 FETCH (UID 7 BODY[]<0> \"Hell\")\r\n", await ComposeAsync(Parse("a UID FETCH 7 BODY.PEEK[]<0.4>"), 1, 7, "* 1 FETCH (UID 7)"));
    }

    private static readonly byte[] Mixed = Gateway.TestSupport.MimeSamples.Get("mixed");

    private Task<bool> StoreWholeAsync(byte[] message)
    {
        byte[] entry = [.. Encoding.ASCII.GetBytes($"BODY[] {{{message.Length}}}\r\n"), .. message];
        return _store.TryStoreAsync(Inbox.Key(7, "BODY[]"), entry).AsTask();
    }

    private static string Literal(string name, string text) => $"{name} {{{Encoding.UTF8.GetByteCount(text)}}}\r\n{text}";

    [Fact]
    public async Task Items_are_derived_from_a_cached_whole_message()
    {
        Assert.True(await StoreWholeAsync(Mixed));
        var text = Encoding.ASCII.GetString(Mixed);
        var header = text[..(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)];
        var request = Parse("a UID FETCH 7 (RFC822.SIZE BODY.PEEK[HEADER] BODY.PEEK[2.1] BODY.PEEK[2.MIME]<0.12> FLAGS RFC822.TEXT RFC822)");
        Assert.Equal([7L], FetchPlanner.PlanUid(request, [7], (uid, key) => _store.Contains(Inbox.Key(uid, key))).Hits);

        var composed = await ComposeAsync(request, 1, 7, "* 1 FETCH (UID 7 FLAGS (\\Seen))");
        var expected = $"* 1 FETCH (UID 7 RFC822.SIZE {Mixed.Length} {Literal("BODY[HEADER]", header)} {Literal("BODY[2.1]", "plain inner")} "
            + $"{Literal("BODY[2.MIME]<0>", "Content-Type")} FLAGS (\\Seen) {Literal("RFC822.TEXT", text[header.Length..])} {Literal("RFC822", text)})\r\n";
        Assert.Equal(expected, composed);
    }

    [Fact]
    public async Task Derived_items_from_a_stream_that_cannot_seek_are_the_same()
    {
        Assert.True(await StoreWholeAsync(Mixed));
        var request = Parse("a UID FETCH 7 (BODY.PEEK[2.TEXT] RFC822.HEADER BODY.PEEK[3] BODY.PEEK[1]<3.4> RFC822.SIZE)");
        var seekable = await ComposeAsync(request, 1, 7, "* 1 FETCH (UID 7)");
        var opens = 0;
        using var output = new MemoryStream();
        Assert.True(await FetchResponseComposer.TryWriteAsync(output, 1, request, Response("* 1 FETCH (UID 7)"), async key =>
        {
            opens++;
            if (await _store.TryOpenAsync(Inbox.Key(7, key)) is not { } entry)
            {
                return null;
            }

            var bytes = new byte[entry.Length];
            await entry.Content.ReadExactlyAsync(bytes);
            await entry.DisposeAsync();
            return new CachedEntry(new TricklingStream(bytes, 1000), bytes.Length);
        }));
        Assert.NotNull(seekable);
        Assert.Equal(seekable, Encoding.UTF8.GetString(output.ToArray()));
        Assert.Contains("BODY[1]<3> {4}\r\nst p", seekable, StringComparison.Ordinal);
        // Each item's own key (5 misses) and BODY[1] for the partial (a miss), then BODY[] once to scan and once per copy.
        Assert.Equal(5 + 1 + 1 + 4, opens);
    }

    [Theory]
    // sample, item: planned as a hit, but the composer declines and writes nothing
    [InlineData("two-content-types", "BODY.PEEK[1]")]
    [InlineData("two-content-types", "BODY.PEEK[TEXT]")]
    [InlineData("empty-body", "BODY.PEEK[TEXT]")]
    [InlineData("empty-body", "RFC822.TEXT")]
    [InlineData("mixed", "BODY.PEEK[4]")]
    [InlineData("mixed", "BODY.PEEK[1.1]")]
    [InlineData("mixed", "BODY.PEEK[1.HEADER]")]
    [InlineData("mixed", "BODY.PEEK[1]<13.1>")]
    [InlineData("header-only", "BODY.PEEK[HEADER]")]
    public async Task Unsure_missing_or_empty_sections_are_declined(string sample, string item)
    {
        Assert.True(await StoreWholeAsync(Gateway.TestSupport.MimeSamples.Get(sample)));
        var request = Parse($"a UID FETCH 7 (RFC822.SIZE {item})");
        Assert.Single(FetchPlanner.PlanUid(request, [7], (uid, key) => _store.Contains(Inbox.Key(uid, key))).Hits);
        Assert.Null(await ComposeAsync(request, 1, 7, "* 1 FETCH (UID 7)"));
    }

    [Fact]
    public async Task An_items_own_entry_wins_over_deriving_it()
    {
        Assert.True(await StoreWholeAsync(Mixed));
        Assert.True(await _store.TryStoreAsync(Inbox.Key(7, "BODY[1]"), "BODY[1] {3}\r\nown"u8.ToArray()));
        Assert.Equal("* 1 FETCH (UID 7 BODY[1] {3}\r\nown BODY[1]<1> {2}\r\nwn)\r\n", await ComposeAsync(Parse("a UID FETCH 7 (BODY.PEEK[1] BODY.PEEK[1]<1.5>)"), 1, 7, "* 1 FETCH (UID 7)"));
    }

    [Fact]
    public async Task A_whole_entry_that_is_not_a_literal_is_not_used()
    {
        Assert.True(await _store.TryStoreAsync(Inbox.Key(7, "BODY[]"), "BODY[] \"A: b\r\n\r\nx\""u8.ToArray()));
        Assert.Null(await ComposeAsync(Parse("a UID FETCH 7 RFC822.SIZE"), 1, 7, "* 1 FETCH (UID 7)"));
    }
}
