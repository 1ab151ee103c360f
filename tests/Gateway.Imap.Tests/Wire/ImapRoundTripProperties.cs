using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Imap.Wire;
using Gateway.TestSupport;

namespace Gateway.Imap.Tests.Wire;

/// <summary>Reading what <see cref="ImapWriter"/> wrote gives back the same tokens (parse ∘ write = identity).</summary>
public sealed class ImapRoundTripProperties
{
    /// <summary>A generated argument: an atom, a string (written as atom, quoted or literal), NIL or a list.</summary>
    internal sealed record Node(char Kind, byte[] Value, Node[] Children);

    private static readonly byte[] AtomAlphabet = Encoding.ASCII.GetBytes("abcXYZ019.-_+:,$\\&!#'<>=/~^`|[");

    private static Gen<byte[]> AtomBytes =>
        Gen.Elements(AtomAlphabet).ArrayOf().Where(a => a.Length > 0 && !System.Text.Ascii.EqualsIgnoreCase(a, "NIL"u8) && a[0] != (byte)'~');

    // Strings mix ASCII, quoted-specials, CR/LF/NUL and 8-bit UTF-8 and raw bytes.
    private static Gen<byte[]> StringBytes =>
        Gen.OneOf(
            Gen.Elements("a b\"c\\d\r\n\0é€x"u8.ToArray()),
            Gen.Choose(0, 255).Select(i => (byte)i)).ArrayOf();

    private static Gen<Node> NodeGen(int size) =>
        size <= 0
            ? Gen.OneOf(
                AtomBytes.Select(a => new Node('A', a, [])),
                StringBytes.Select(s => new Node('S', s, [])),
                Gen.Constant(new Node('N', [], [])))
            : Gen.Frequency(
                (3, NodeGen(0)),
                (1, NodeGen(size / 3).ArrayOf().Select(children => new Node('L', [], children))));

    private static Arbitrary<(Node[] Args, bool LiteralPlus, int Chunk)> Lines =>
        Gen.Sized(size => NodeGen(Math.Min(size, 12)).ArrayOf())
            .Zip(Gen.Elements(true, false))
            .Zip(Gen.Choose(1, 64), (a, chunk) => (a.Item1, a.Item2, chunk))
            .ToArbitrary();

    private static void WriteNode(ImapWriter writer, Node node, bool literalPlus)
    {
        switch (node.Kind)
        {
            case 'A':
                writer.WriteAtom(node.Value);
                break;
            case 'S':
                writer.WriteAString(node.Value, literalPlus);
                break;
            case 'N':
                writer.WriteNil();
                break;
            default:
                writer.WriteListOpen();
                for (var i = 0; i < node.Children.Length; i++)
                {
                    if (i > 0)
                    {
                        writer.WriteSpace();
                    }

                    WriteNode(writer, node.Children[i], literalPlus);
                }

                writer.WriteListClose();
                break;
        }
    }

    private static void Expect(List<string> expected, Node node)
    {
        switch (node.Kind)
        {
            case 'A':
            case 'S':
                expected.Add("S:" + Convert.ToHexString(node.Value));
                break;
            case 'N':
                expected.Add("NIL");
                break;
            default:
                expected.Add("(");
                foreach (var child in node.Children)
                {
                    Expect(expected, child);
                }

                expected.Add(")");
                break;
        }
    }

    private static List<string> Actual(ImapLine line, int from)
    {
        var actual = new List<string>();
        for (var i = from; i < line.Count; i++)
        {
            var token = line[i];
            actual.Add(token.Kind switch
            {
                ImapTokenKind.ListOpen => "(",
                ImapTokenKind.ListClose => ")",
                ImapTokenKind.Nil => "NIL",
                _ => "S:" + Convert.ToHexString(Value(line, i)),
            });
        }

        return actual;
    }

    private static byte[] Value(ImapLine line, int index)
    {
        var value = new byte[line.GetValueLength(index)];
        line.CopyValue(index, value);
        return value;
    }

    private static Property RoundTrip(bool command, (Node[] Args, bool LiteralPlus, int Chunk) input)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new ImapWriter(buffer);
        writer.WriteRaw(command ? "a1 X"u8 : "* LIST"u8);
        foreach (var node in input.Args)
        {
            writer.WriteSpace();
            WriteNode(writer, node, input.LiteralPlus);
        }

        writer.WriteCrlf();
        var bytes = buffer.WrittenSpan.ToArray();
        var expected = new List<string>();
        foreach (var node in input.Args)
        {
            Expect(expected, node);
        }

        var limits = new ImapLimits { MaxMaterializedLiteral = int.MaxValue, MaxNestingDepth = 1000 };
        var state = command ? ImapReaderState.ForCommands() : ImapReaderState.ForResponses();
        using var line = new ImapLine();
        var sequence = TestSequence.Chunked(bytes, input.Chunk);
        while (true)
        {
            var status = state.PendingLiteral is null
                ? ImapReader.TryReadSegment(ref state, sequence, line, limits, out var consumed, out _, out var error)
                : ImapReader.TryReadLiteral(ref state, sequence, line, limits, out consumed, out _, out error);
            if (status != OperationStatus.Done)
            {
                return false.Label($"{status} {error} in {Encoding.UTF8.GetString(bytes)}");
            }

            sequence = sequence.Slice(consumed);
            if (line.IsComplete && state.PendingLiteral is null)
            {
                break;
            }
        }

        var actual = Actual(line, 2);
        var rewritten = new ArrayBufferWriter<byte>();
        new ImapWriter(rewritten).WriteLine(line);
        return (sequence.Length == 0 && actual.SequenceEqual(expected) && rewritten.WrittenSpan.SequenceEqual(bytes))
            .Label($"{Encoding.UTF8.GetString(bytes)}\nexpected {string.Join(' ', expected)}\nactual   {string.Join(' ', actual)}");
    }

    [Property(MaxTest = 500)]
    public Property Command_WriteThenRead_GivesTheSameTokens() => Prop.ForAll(Lines, input => RoundTrip(true, input));

    [Property(MaxTest = 500)]
    public Property Response_WriteThenRead_GivesTheSameTokens() => Prop.ForAll(Lines, input => RoundTrip(false, input));

    [Property(MaxTest = 300)]
    public Property AString_WriteThenRead_GivesTheSameValue(NonNull<string> text, bool literalPlus)
    {
        var value = new string(text.Get.Where(c => !char.IsSurrogate(c)).ToArray());
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new ImapWriter(buffer);
        writer.WriteRaw("a1 LOGIN "u8);
        writer.WriteAString(value, literalPlus);
        writer.WriteCrlf();
        var line = ImapWriterTests.ReadWhole(true, buffer.WrittenSpan.ToArray());
        return (line.GetString(2) == value).Label(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    // Arbitrary bytes never make the reader throw, and its answer does not depend on how the input is split.
    [Property(MaxTest = 500)]
    public Property AnyInput_NeverThrows_AndSplittingDoesNotMatter(byte[] noise, PositiveInt chunk, bool command)
    {
        var bytes = noise.Concat("\r\n"u8.ToArray()).ToArray();
        var mode = command ? ImapReaderMode.Command : ImapReaderMode.Response;
        var whole = ImapTestReader.ReadAll(mode, new ReadOnlySequence<byte>(bytes));
        var split = ImapTestReader.ReadAll(mode, TestSequence.Chunked(bytes, chunk.Get));
        return whole.SequenceEqual(split).Label(string.Join(" | ", whole) + " vs " + string.Join(" | ", split));
    }
}
