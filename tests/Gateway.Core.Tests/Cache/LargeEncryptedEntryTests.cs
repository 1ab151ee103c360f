using System.Security.Cryptography;
using Gateway.Core.Cache;

namespace Gateway.Core.Tests.Cache;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurements
{
    /// <summary>Tests that count process-wide allocations run alone.</summary>
    public const string Name = "Allocation measurements";
}

/// <summary>A 5 MB encrypted entry is written and read a chunk at a time, never held whole in memory.</summary>
[Collection(AllocationMeasurements.Name)]
public sealed class LargeEncryptedEntryTests : IDisposable
{
    private const int Size = 5 * 1024 * 1024;

    private readonly TempCacheDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_five_megabyte_entry_streams_through_with_far_less_memory_than_its_size(bool encrypted)
    {
        var store = new MessageCacheStore(new MessageCacheOptions
        {
            Enabled = true,
            Directory = _dir.Path,
            EncryptionKey = encrypted ? RandomNumberGenerator.GetBytes(32) : null,
            CountersSaveInterval = TimeSpan.Zero,
        });
        var key = new MessageCacheKey("dovecot", "alice", "INBOX", 1, 1, "BODY[]");
        var piece = RandomNumberGenerator.GetBytes(16 * 1024);
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var actual = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await using (var writer = store.BeginWrite(key))
        {
            Assert.NotNull(writer);
            for (var i = 0; i < Size / piece.Length; i++)
            {
                piece[0] = (byte)i;
                await writer.WriteAsync(piece);
                expected.AppendData(piece);
            }

            Assert.True(await writer.CommitAsync());
        }

        var written = GC.GetTotalAllocatedBytes(precise: true);
        await using (var entry = await store.TryOpenAsync(key))
        {
            Assert.NotNull(entry);
            Assert.Equal(Size, entry.Length);
            int n;
            while ((n = await entry.Content.ReadAsync(buffer)) > 0)
            {
                actual.AppendData(buffer, 0, n);
            }
        }

        var read = GC.GetTotalAllocatedBytes(precise: true);
        Assert.Equal(expected.GetHashAndReset(), actual.GetHashAndReset());
        Assert.True(written - before < Size / 5, $"writing allocated {written - before} bytes");
        Assert.True(read - written < Size / 5, $"reading allocated {read - written} bytes");
    }
}
