using System.Text;
using Gateway.Imap.Cache;

namespace Gateway.Imap.Tests.Cache;

public sealed class FetchItemScannerTests
{
    // Feeds segments (text, literal bytes or null) and rebuilds each item as the relay stores it: name SP value,
    // with "\r\n" + literal bytes after a literal header.
    private static (List<string> Items, FetchItemScanner Scanner) Run(params (string Text, string? Literal)[] segments)
    {
        var scanner = new FetchItemScanner();
        var items = new List<string>();
        var current = new StringBuilder();
        var pieces = new List<FetchItemPiece>();
        foreach (var (text, literal) in segments)
        {
            pieces.Clear();
            var bytes = Encoding.ASCII.GetBytes(text);
            scanner.Scan(bytes, literal is not null, pieces);
            foreach (var piece in pieces)
            {
                if (piece.Starts)
                {
                    current.Clear();
                }

                current.Append(text, piece.Start, piece.Length);
                if (piece.Ends)
                {
                    items.Add(current.ToString());
                }
            }

            if (literal is not null && !scanner.IsInvalid)
            {
                current.Append("\r\n").Append(literal);
                if (scanner.LiteralEnded())
                {
                    items.Add(current.ToString());
                }
            }
        }

        return (items, scanner);
    }

    [Fact]
    public void Splits_simple_items()
    {
        var (items, scanner) = Run(("UID 5 RFC822.SIZE 1234 FLAGS (\\Seen $Label) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\")", null));
        Assert.Equal(["UID 5", "RFC822.SIZE 1234", "FLAGS (\\Seen $Label)", "INTERNALDATE \"17-Jul-1996 02:44:25 -0700\""], items);
        Assert.True(scanner.IsDone);
    }

    [Fact]
    public void A_literal_value_belongs_to_its_item()
    {
        var (items, scanner) = Run(("UID 7 BODY[] {5}", "hello"), (" FLAGS ())", null));
        Assert.Equal(["UID 7", "BODY[] {5}\r\nhello", "FLAGS ()"], items);
        Assert.True(scanner.IsDone);
    }

    [Fact]
    public void A_literal_inside_a_list_continues_the_item()
    {
        var (items, scanner) = Run(
            ("UID 1 ENVELOPE (\"Mon, 1 Jan 2024 00:00:00 +0000\" {6}", "Hello!"),
            (" ((\"A\" NIL \"a\" \"x.test\")) NIL NIL NIL NIL NIL NIL \"<id@x>\") BODY[HEADER.FIELDS (FROM TO)] {3}", "a\r\n"),
            (")", null));
        Assert.Equal(
            [
                "UID 1",
                "ENVELOPE (\"Mon, 1 Jan 2024 00:00:00 +0000\" {6}\r\nHello! ((\"A\" NIL \"a\" \"x.test\")) NIL NIL NIL NIL NIL NIL \"<id@x>\")",
                "BODY[HEADER.FIELDS (FROM TO)] {3}\r\na\r\n",
            ],
            items);
        Assert.True(scanner.IsDone);
    }

    [Fact]
    public void Quoted_strings_may_hold_parentheses_and_escaped_quotes()
    {
        var (items, scanner) = Run(("ENVELOPE (\"a (b\" \"say \\\"hi)\\\"\") UID 3)", null));
        Assert.Equal(["ENVELOPE (\"a (b\" \"say \\\"hi)\\\"\")", "UID 3"], items);
        Assert.True(scanner.IsDone);
    }

    [Fact]
    public void Partial_answers_keep_their_origin_in_the_name()
    {
        var (items, _) = Run(("UID 2 BODY[1.2]<0> {4}", "abcd"), (")", null));
        Assert.Equal(["UID 2", "BODY[1.2]<0> {4}\r\nabcd"], items);
    }

    [Fact]
    public void Nil_and_nested_bodystructure()
    {
        var (items, scanner) = Run(("BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1)(\"text\" \"html\" NIL NIL NIL \"7bit\" 9 1) \"alternative\") BODY[2] NIL)", null));
        Assert.Equal(2, items.Count);
        Assert.Equal("BODY[2] NIL", items[1]);
        Assert.True(scanner.IsDone);
    }

    [Fact]
    public void Empty_list_is_done()
    {
        var (items, scanner) = Run((")", null));
        Assert.Empty(items);
        Assert.True(scanner.IsDone);
    }

    [Theory]
    [InlineData("UID 5")]                 // no closing parenthesis, no literal
    [InlineData("UID 5) junk")]           // text after the end
    [InlineData("UID  5)")]               // double space
    [InlineData("(UID 5))")]              // a value where a name belongs
    [InlineData("UID 5 FLAGS (\\Seen)))")]
    [InlineData("ENVELOPE (\"open)")]     // unterminated quoted string
    public void Malformed_answers_are_marked_invalid(string text)
    {
        var (_, scanner) = Run((text, null));
        Assert.True(scanner.IsInvalid);
        Assert.False(scanner.IsDone);
    }

    [Fact]
    public void A_literal_header_that_is_not_a_value_is_invalid()
    {
        var scanner = new FetchItemScanner();
        scanner.Scan("UID 5 \"quoted {3}"u8, literalFollows: true, []);
        Assert.True(scanner.IsInvalid);
    }
}
