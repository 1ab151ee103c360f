using Gateway.Smtp.Spool;

namespace Gateway.Smtp.Tests.Spool;

public sealed class MessageSpoolTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "scogw-spool-test-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly MessageSpool _spool;

    public MessageSpoolTests()
    {
        _spool = new MessageSpool(_root);
        _spool.EnsureCreated();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task CommitAsync_MovesTheMessageAndWritesTheEnvelope()
    {
        var envelope = await CommitAsync("hello\r\n"u8.ToArray());

        Assert.Empty(Directory.GetFiles(_spool.TempDirectory));
        Assert.Equal("hello\r\n"u8.ToArray(), await File.ReadAllBytesAsync(_spool.MessagePath(envelope.Id)));
        var listed = Assert.Single(_spool.List(out var problems));
        Assert.Empty(problems);
        Assert.Equal(envelope.Id, listed.Id);
    }

    [Fact]
    public async Task Recover_RemovesWhatACrashLeavesBehind_AndKeepsCommittedMessages()
    {
        var kept = await CommitAsync("kept\r\n"u8.ToArray());
        var half = _spool.NewId();
        await using (var incoming = _spool.CreateIncoming(half))
        {
            await incoming.WriteAsync("partial"u8.ToArray());
        }

        await File.WriteAllTextAsync(Path.Combine(_spool.QueueDirectory, "20250101000000000-deadbeef.eml"), "no envelope");
        await File.WriteAllTextAsync(Path.Combine(_spool.QueueDirectory, "20250101000000000-deadbeef.json.tmp"), "{");

        Assert.Equal(3, _spool.Recover());

        Assert.Empty(Directory.GetFiles(_spool.TempDirectory));
        Assert.Equal([kept.Id + ".eml", kept.Id + ".json"], Directory.GetFiles(_spool.QueueDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RetryAsync_MakesTheMessageDueNow()
    {
        var envelope = await CommitAsync("x\r\n"u8.ToArray(), nextAttempt: DateTimeOffset.UtcNow.AddDays(1));

        Assert.Equal(1, await _spool.RetryAsync(envelope.Id, default));

        Assert.True(_spool.TryRead(envelope.Id, out var updated, out _));
        Assert.True(updated.NextAttempt <= DateTimeOffset.UtcNow);
        Assert.Equal(0, await _spool.RetryAsync("20250101000000000-00000000", default));
    }

    [Fact]
    public async Task Delete_RemovesBothFiles_AndRefusesUnknownOrUnsafeIds()
    {
        var envelope = await CommitAsync("x\r\n"u8.ToArray());

        Assert.True(_spool.Delete(envelope.Id));
        Assert.Empty(Directory.GetFiles(_spool.QueueDirectory));
        Assert.False(_spool.Delete(envelope.Id));
        Assert.False(_spool.Delete("../../etc/passwd"));
    }

    [Fact]
    public async Task List_ReportsDamagedEnvelopes()
    {
        await CommitAsync("x\r\n"u8.ToArray());
        await File.WriteAllTextAsync(Path.Combine(_spool.QueueDirectory, "20250101000000000-0badf00d.json"), "{ not json");

        Assert.Single(_spool.List(out var problems));
        Assert.StartsWith("20250101000000000-0badf00d: not a valid envelope", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void TryLock_SecondHolder_GetsNull()
    {
        using var first = _spool.TryLock();
        Assert.NotNull(first);
        Assert.Null(new MessageSpool(_root).TryLock());
    }

    [Fact]
    public void NewId_IsAValidIdAndUnique()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => _spool.NewId()).ToList();

        Assert.All(ids, id => Assert.True(MessageSpool.IsValidId(id), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private async Task<SpoolEnvelope> CommitAsync(byte[] message, DateTimeOffset? nextAttempt = null)
    {
        var id = _spool.NewId();
        var incoming = _spool.CreateIncoming(id);
        await incoming.WriteAsync(message);
        var envelope = SpoolEnvelopeTests.Sample with { Id = id, NextAttempt = nextAttempt ?? DateTimeOffset.UtcNow };
        await _spool.CommitAsync(incoming, envelope, default);
        return envelope;
    }
}
