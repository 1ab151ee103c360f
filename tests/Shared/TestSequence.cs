using System.Buffers;

namespace Gateway.TestSupport;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, as Kestrel's tests do.</summary>
internal static class TestSequence
{
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] splits)
    {
        var points = splits.Where(s => s > 0 && s < bytes.Length).Distinct().Order().ToList();
        if (points.Count == 0)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        points.Add(bytes.Length);
        var first = new Chunk(bytes.AsMemory(0, points[0]), 0);
        var last = first;
        for (var i = 1; i < points.Count; i++)
        {
            last = last.Append(bytes.AsMemory(points[i - 1], points[i] - points[i - 1]));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public static ReadOnlySequence<byte> Chunked(byte[] bytes, int size)
    {
        var splits = new List<int>();
        for (var i = size; i < bytes.Length; i += size)
        {
            splits.Add(i);
        }

        return Split(bytes, [.. splits]);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            // Copy so that a reader cannot accidentally see past its chunk.
            Memory = memory.ToArray();
            RunningIndex = runningIndex;
        }

        public Chunk Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Chunk(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
