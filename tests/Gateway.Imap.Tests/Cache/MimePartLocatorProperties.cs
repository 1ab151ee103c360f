using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Gateway.Imap.Cache;

namespace Gateway.Imap.Tests.Cache;

/// <summary>
/// The locator against messages built at random together with the place of every section, by the rules Dovecot and
/// Cyrus were seen to share (<see cref="MimePartLocatorTests"/>): it finds each section exactly, whatever the read
/// sizes, and it never throws or points outside the message for damaged input.
/// </summary>
public sealed class MimePartLocatorProperties
{
    [Property(MaxTest = 300)]
    public void Generated_messages_are_located_exactly(int seed, PositiveInt chunk)
    {
        var builder = new MessageBuilder(new Random(seed));
        var message = builder.Build();
        var structure = Scan(message, 1 + (chunk.Get % 9));
        var scannedWhole = Scan(message, int.MaxValue);
        Assert.NotNull(structure.Message);
        foreach (var (section, (start, length)) in builder.Sections)
        {
            var found = structure.TryLocate(section, out var s, out var l);
            Assert.True(found == length > 0, $"{section} in\n{Encoding.ASCII.GetString(message)}");
            if (found)
            {
                Assert.True((start, length) == (s, l), $"{section}: expected ({start}, {length}), found ({s}, {l}) in\n{Encoding.ASCII.GetString(message)}");
            }

            Assert.Equal(found, scannedWhole.TryLocate(section, out _, out _));
        }

        foreach (var leaf in builder.Leaves)
        {
            Assert.False(structure.TryLocate(leaf + ".1", out _, out _), leaf + ".1");
            Assert.False(structure.TryLocate(leaf + ".HEADER", out _, out _), leaf + ".HEADER");
        }

        Assert.False(structure.TryLocate("99", out _, out _));
    }

    [Property(MaxTest = 300)]
    public void Damaged_messages_never_throw_nor_point_outside(int seed, byte[] junk, PositiveInt where)
    {
        var message = new MessageBuilder(new Random(seed)).Build().ToList();
        message.InsertRange(where.Get % (message.Count + 1), junk ?? []);
        var bytes = message.ToArray();
        var structure = Scan(bytes, 1 + (where.Get % 5));
        foreach (var section in Gateway.TestSupport.MimeSamples.Sections)
        {
            if (structure.TryLocate(section, out var start, out var length))
            {
                Assert.InRange(start, 0, bytes.Length);
                Assert.InRange(length, 1, bytes.Length - start);
            }
        }
    }

    private static MimeStructure Scan(byte[] message, int chunk)
    {
        using var stream = new TricklingStream(message, chunk);
        return MimePartLocator.ScanAsync(stream, message.Length, tree: true).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Writes a random MIME message and notes where each IMAP section of it lies.</summary>
    private sealed class MessageBuilder(Random random)
    {
        private static readonly string[] Lines = ["hello", "", "-- ", "-- signature", "a--b", "x=3D--", " indented", "\tTab", "caf\u00e9 8bit", "--"];
        private static readonly string[] Fields = ["Subject: test", "From: a@b.test", "X-Folded: one\r\n\ttwo\r\n three", "Content-Disposition: inline", "MIME-Version: 1.0"];
        private readonly StringBuilder _text = new();
        private int _boundaries;

        private enum Kind
        {
            Leaf,
            Message,
            Multipart,
        }

        /// <summary>Section → (start, length); length 0 for an empty section, which must not be located.</summary>
        public Dictionary<string, (long Start, long Length)> Sections { get; } = [];

        /// <summary>Sections of leaf parts (they have no sub-parts).</summary>
        public List<string> Leaves { get; } = [];

        private int Position => Encoding.UTF8.GetByteCount(_text.ToString());

        public byte[] Build()
        {
            WriteMessage("", depth: 0, top: true);
            return Encoding.UTF8.GetBytes(_text.ToString());
        }

        // A header and a body; records prefix + HEADER/TEXT and the body's parts. Returns whether it ended with the
        // CRLF of a close delimiter (an empty epilogue), which the enclosing boundary then does not repeat.
        private bool WriteMessage(string prefix, int depth, bool top)
        {
            var (kind, boundary, digest) = Pick(depth, digestParent: false);
            var headerStart = Position;
            WriteFields(kind, boundary, digest, omitType: false);
            _text.Append("\r\n");
            var headerEnd = Position;
            Record(prefix + "HEADER", headerStart, headerEnd);
            var closed = kind == Kind.Multipart
                ? WriteMultipart(prefix, boundary!, digest, depth, top)
                : WriteContent(kind, null, false, prefix + "1", depth, top);
            if (kind != Kind.Multipart)
            {
                Record(prefix + "1.MIME", headerStart, headerEnd);
            }

            Record(prefix + "TEXT", headerEnd, Position);
            return closed;
        }

        private bool WriteContent(Kind kind, string? boundary, bool digest, string section, int depth, bool top)
        {
            var start = Position;
            var closed = false;
            switch (kind)
            {
                case Kind.Leaf:
                    var count = random.Next(4);
                    _text.AppendJoin("\r\n", Enumerable.Range(0, count).Select(_ => Lines[random.Next(Lines.Length)]));
                    if (top && count > 0 && random.Next(2) == 0)
                    {
                        _text.Append("\r\n");
                    }

                    Leaves.Add(section);
                    break;
                case Kind.Message:
                    closed = WriteMessage(section + ".", depth + 1, top);
                    break;
                default:
                    closed = WriteMultipart(section + ".", boundary!, digest, depth + 1, top);
                    break;
            }

            Record(section, start, Position);
            return closed;
        }

        private bool WriteMultipart(string prefix, string boundary, bool digest, int depth, bool top)
        {
            if (random.Next(2) == 0)
            {
                _text.Append(Lines[random.Next(Lines.Length)]).Append("\r\n");
            }

            var parts = 1 + random.Next(3);
            for (var i = 1; i <= parts; i++)
            {
                _text.Append("--").Append(boundary).Append(random.Next(4) == 0 ? " \t" : "").Append("\r\n");
                var (kind, inner, innerDigest) = Pick(depth + 1, digest);
                var headerStart = Position;
                WriteFields(kind, inner, innerDigest, omitType: digest && kind == Kind.Message && random.Next(2) == 0);
                _text.Append("\r\n");
                Record($"{prefix}{i}.MIME", headerStart, Position);
                if (!WriteContent(kind, inner, innerDigest, $"{prefix}{i}", depth + 1, top: false))
                {
                    _text.Append("\r\n");
                }
            }

            _text.Append("--").Append(boundary).Append("--");
            switch (random.Next(top ? 4 : 3))
            {
                case 0:
                    _text.Append("\r\n"); // empty epilogue: this CRLF stays in the part
                    return true;
                case 1:
                    _text.Append("\r\nepilogue");
                    return false;
                case 2:
                    _text.Append("\r\n");
                    return false; // an empty epilogue line before the enclosing boundary
                default:
                    return false; // the end of the message
            }
        }

        private (Kind Kind, string? Boundary, bool Digest) Pick(int depth, bool digestParent)
        {
            var roll = depth >= 4 ? 0 : random.Next(digestParent ? 4 : 3);
            return roll switch
            {
                0 => (Kind.Leaf, null, false),
                1 or 3 => (Kind.Message, null, false),
                _ => (Kind.Multipart, $"=_b{++_boundaries}.{random.Next(1000)}", random.Next(4) == 0),
            };
        }

        private void WriteFields(Kind kind, string? boundary, bool digest, bool omitType)
        {
            foreach (var field in Fields.Where(_ => random.Next(3) == 0))
            {
                _text.Append(field).Append("\r\n");
            }

            var type = kind switch
            {
                Kind.Leaf => random.Next(3) switch
                {
                    0 => "Content-Type: text/plain; charset=utf-8",
                    1 => "content-type: application/octet-stream;\r\n name=\"a b.bin\"",
                    _ => "Content-Type: text/plain",
                },
                Kind.Message => "Content-Type: message/rfc822",
                _ => random.Next(2) == 0
                    ? $"Content-Type: multipart/{(digest ? "digest" : "mixed")}; boundary=\"{boundary}\""
                    : $"Content-Type: MULTIPART/{(digest ? "DIGEST" : "ALTERNATIVE")};\r\n\tcharset=x;\r\n BOUNDARY=\"{boundary}\"",
            };
            if (!omitType)
            {
                _text.Append(type).Append("\r\n");
            }
        }

        private void Record(string section, long start, long end) => Sections[section] = (start, end - start);
    }
}
