using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Imap.Cache;

namespace Gateway.Imap.Tests.Cache;

public sealed class FetchCommandParserTests
{
    private static FetchRequest Parse(string line)
    {
        Assert.True(FetchCommandParser.TryParse(Encoding.UTF8.GetBytes(line + "\r\n"), out var request), line);
        return request;
    }

    [Fact]
    public void Parses_a_list_with_mutable_and_cacheable_items()
    {
        var r = Parse("a1 FETCH 1:3 (FLAGS BODY.PEEK[] UID)");
        Assert.Equal("a1", r.Tag);
        Assert.False(r.IsUid);
        Assert.Equal("1:3", r.SetText);
        Assert.Equal("(FLAGS BODY.PEEK[] UID)", r.ItemListText);
        Assert.Equal(["FLAGS", "BODY.PEEK", "UID"], r.Items.Select(i => i.Name));
        Assert.Equal([null, "BODY[]", null], r.Items.Select(i => i.CacheKey));
        Assert.False(r.SetsSeen);
        Assert.True(r.WantsUid);
        Assert.Equal("BODY[]", r.Items[1].ResponseName);
    }

    [Theory]
    [InlineData("ALL", "FLAGS INTERNALDATE RFC822.SIZE ENVELOPE")]
    [InlineData("fast", "FLAGS INTERNALDATE RFC822.SIZE")]
    [InlineData("FULL", "FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY")]
    public void Expands_macros(string macro, string items)
    {
        var r = Parse($"t UID FETCH 5,7:* {macro}");
        Assert.True(r.IsUid);
        Assert.Equal(items, string.Join(' ', r.Items.Select(i => i.Name)));
        Assert.Equal(macro, r.ItemListText);
        Assert.True(r.Set.Contains(5) && !r.Set.Contains(6) && r.Set.Contains(1_000_000));
    }

    [Theory]
    // item, cache key (or -), response name, sets \Seen
    [InlineData("BODY[]", "BODY[]", "BODY[]", true)]
    [InlineData("BODY.PEEK[]<0.1024>", "BODY[]<0.1024>", "BODY[]<0>", false)]
    [InlineData("body.peek[header.fields (From  To)]", "BODY[HEADER.FIELDS (FROM TO)]", "BODY[HEADER.FIELDS (FROM TO)]", false)]
    [InlineData("BODY[1.2.MIME]<100.50>", "BODY[1.2.MIME]<100.50>", "BODY[1.2.MIME]<100>", true)]
    [InlineData("RFC822", "RFC822", "RFC822", true)]
    [InlineData("RFC822.HEADER", "RFC822.HEADER", "RFC822.HEADER", false)]
    [InlineData("RFC822.TEXT", "RFC822.TEXT", "RFC822.TEXT", true)]
    [InlineData("RFC822.SIZE", "RFC822.SIZE", "RFC822.SIZE", false)]
    [InlineData("INTERNALDATE", "INTERNALDATE", "INTERNALDATE", false)]
    [InlineData("ENVELOPE", "ENVELOPE", "ENVELOPE", false)]
    [InlineData("BODYSTRUCTURE", "BODYSTRUCTURE", "BODYSTRUCTURE", false)]
    [InlineData("BODY", "BODY", "BODY", false)]
    [InlineData("FLAGS", "-", "FLAGS", false)]
    [InlineData("MODSEQ", "-", "MODSEQ", false)]
    [InlineData("UID", "-", "UID", false)]
    [InlineData("X-GM-LABELS", "-", "X-GM-LABELS", false)]
    [InlineData("BINARY.PEEK[1]", "-", "BINARY[1]", false)]
    [InlineData("BINARY[1]", "-", "BINARY[1]", true)]
    [InlineData("BINARY.SIZE[1]", "-", "BINARY.SIZE[1]", false)]
    public void Classifies_items(string text, string key, string responseName, bool setsSeen)
    {
        Assert.True(FetchCommandParser.TryParseItem(text, out var item));
        Assert.Equal(key == "-" ? null : key, item.CacheKey);
        Assert.Equal(responseName, item.ResponseName);
        Assert.Equal(setsSeen, item.SetsSeen);
        Assert.Equal(text, item.Text);
    }

    [Fact]
    public void Keeps_a_single_sectioned_item_and_modifiers()
    {
        var r = Parse("a3 uid fetch 1 body[header.fields (From To)]<0.100> (CHANGEDSINCE 5)");
        var item = Assert.Single(r.Items);
        Assert.Equal("HEADER.FIELDS (FROM TO)", item.Section);
        Assert.Equal((0L, 100L), item.Partial);
        Assert.Equal("body[header.fields (From To)]<0.100>", r.ItemListText);
        Assert.Equal("(CHANGEDSINCE 5)", r.Modifiers);
        Assert.Same(item, r.CacheableItemFor("BODY[HEADER.FIELDS (From To)]<0>"));
        Assert.Null(r.CacheableItemFor("BODY[]"));
    }

    [Theory]
    [InlineData("a FETCH 0 FLAGS")]
    [InlineData("a FETCH 01 FLAGS")]
    [InlineData("a FETCH 1 (FLAGS")]
    [InlineData("a FETCH 1 BODY[")]
    [InlineData("a FETCH 1 BODY[]<0>")]
    [InlineData("a FETCH 1 BODY[]<0.0>")]
    [InlineData("a FETCH 1 ()")]
    [InlineData("a FETCH 1 (FLAGS )")]
    [InlineData("a FETCH 1 FLAGS junk")]
    [InlineData("a FETCH 1 FLAGS[1]")]
    [InlineData("a STORE 1 FLAGS")]
    [InlineData("a UID FETCH 1")]
    [InlineData("a FETCH 1:x FLAGS")]
    [InlineData("a FETCH 1 (BODY[HEADER.FIELDS {4}\r\nFrom])")]
    public void Rejects_what_it_does_not_understand(string line) =>
        Assert.False(FetchCommandParser.TryParse(Encoding.UTF8.GetBytes(line), out _));

    private static readonly string[] ItemPool =
    [
        "FLAGS", "UID", "MODSEQ", "RFC822", "RFC822.SIZE", "RFC822.HEADER", "ENVELOPE", "BODYSTRUCTURE", "BODY",
        "BODY[]", "body.peek[]", "BODY.PEEK[HEADER.FIELDS (From To \"X-A]\")]", "BODY[1.2.MIME]<0.10>", "BINARY.PEEK[2]",
    ];

    [Property]
    public bool Any_item_list_parses_back_to_its_items(NonEmptyArray<int> picks, bool uid, bool modifiers)
    {
        var items = picks.Get.Select(p => ItemPool[Math.Abs(p % ItemPool.Length)]).ToList();
        var list = items.Count == 1 && !items[0].Contains(' ', StringComparison.Ordinal) ? items[0] : $"({string.Join(' ', items)})";
        var line = $"t{(uid ? " UID" : "")} FETCH 1:4,9 {list}{(modifiers ? " (CHANGEDSINCE 3)" : "")}";
        return FetchCommandParser.TryParse(Encoding.UTF8.GetBytes(line), out var r)
            && r.IsUid == uid
            && r.ItemListText == list
            && r.Modifiers == (modifiers ? "(CHANGEDSINCE 3)" : "")
            && r.Items.Select(i => i.Text).SequenceEqual(items);
    }
}
