using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Gateway.Core.Cache;

namespace Gateway.Benchmarks.Core;

/// <summary>
/// The message cache store on a 1 MB entry, plain and encrypted (<c>Cache:Encrypt</c>): a write (64 KB pieces as the
/// relay tees a literal, temp file, fsync, rename) and a read (open, verify the whole entry, stream it out).
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "the store is disposed in [GlobalCleanup]")]
public class MessageCacheStoreBenchmarks
{
    private const int Size = 1024 * 1024;
    private readonly byte[] _piece = new byte[64 * 1024];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly MessageCacheKey _writeKey = new("dovecot", "alice", "INBOX", 1, 1, "BODY[]");
    private readonly MessageCacheKey _readKey = new("dovecot", "alice", "INBOX", 1, 2, "BODY[]");
    private string _folder = "";
    private MessageCacheStore? _store;

    [Params(false, true)]
    public bool Encrypted { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        RandomNumberGenerator.Fill(_piece);
        _folder = Path.Combine(Path.GetTempPath(), "scogw-cache-bench", Guid.NewGuid().ToString("N"));
        _store = new MessageCacheStore(new MessageCacheOptions
        {
            Enabled = true,
            Directory = _folder,
            MaxSizeMB = 64,
            EncryptionKey = Encrypted ? RandomNumberGenerator.GetBytes(32) : null,
            CountersSaveInterval = TimeSpan.Zero,
        });
        if (!await WriteAsync(_readKey))
        {
            throw new InvalidOperationException("the benchmark entry was not stored");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public Task<bool> Write1MB() => WriteAsync(_writeKey);

    [Benchmark]
    public async Task<long> Read1MB()
    {
        await using var entry = await _store!.TryOpenAsync(_readKey) ?? throw new InvalidOperationException("miss");
        long total = 0;
        int n;
        while ((n = await entry.Content.ReadAsync(_buffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    private async Task<bool> WriteAsync(MessageCacheKey key)
    {
        await using var writer = _store!.BeginWrite(key) ?? throw new InvalidOperationException("cannot write");
        for (var i = 0; i < Size / _piece.Length; i++)
        {
            await writer.WriteAsync(_piece);
        }

        return await writer.CommitAsync();
    }
}
