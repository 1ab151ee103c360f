using System.Buffers;

namespace Gateway.Benchmarks;

/// <summary>Cuts bytes into a multi-segment sequence of 4 KB pieces, as a pipe reader hands them over.</summary>
internal static class PipeChunks
{
    public static ReadOnlySequence<byte> Of(byte[] bytes, int size = 4096)
    {
        Chunk? first = null;
        Chunk? last = null;
        for (var i = 0; i < bytes.Length; i += size)
        {
            var memory = bytes.AsMemory(i, Math.Min(size, bytes.Length - i));
            last = last is null ? first = new Chunk(memory, 0) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
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
