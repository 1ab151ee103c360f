using System.Text;
using System.Text.Json;
using Gateway.Core.Configuration;
using Gateway.Core.Tests.Upstream;
using Gateway.Core.TrafficLog;

namespace Gateway.Core.Tests.TrafficLog;

public sealed class FileTrafficSinkTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scogw-sink-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task WritesTextAndJson_WithoutTheSecret_OwnerOnly()
    {
        var sink = new FileTrafficSink(new LogsOptions { Path = _folder, Traffic = true, TrafficJson = true });
        var recorder = new TrafficRecorder(sink, "7f3a", TrafficProtocol.Imap, "127.0.0.1:50123");
        recorder.Record(TrafficDirection.FromClient, "a1 LOGIN alice {11}\r\n"u8);
        recorder.Record(TrafficDirection.ToClient, "+ go\r\n"u8);
        recorder.Record(TrafficDirection.FromClient, "P@ss\"wörd!\r\n"u8);
        recorder.User = "alice";
        recorder.Record(TrafficDirection.ToClient, "a1 OK [CAPABILITY IMAP4rev1] hi\r\n"u8);
        recorder.Record(TrafficDirection.ToUpstream, "A1 LOGIN alice \"P@ss\\\"wörd!\"\r\n"u8);

        await sink.DisposeAsync();

        var text = Assert.Single(Directory.GetFiles(_folder, "traffic-*.log"));
        var json = Assert.Single(Directory.GetFiles(_folder, "traffic-*.clef"));
        Assert.Matches(@"traffic-\d{8}\.log$", text);
        foreach (var file in new[] { text, json })
        {
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.AsSpan().IndexOf("P@ss"u8) < 0, file);
            Assert.True(bytes.AsSpan().IndexOf("w\u00f6rd"u8) < 0, file);
        }

        var lines = File.ReadAllText(text, Encoding.UTF8).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 7f3a - 127\.0\.0\.1:50123 C: a1 LOGIN alice \{11\}$", lines[0]);
        Assert.EndsWith(" 7f3a - 127.0.0.1:50123 C: ***", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(" 7f3a alice 127.0.0.1:50123 S: a1 OK [CAPABILITY IMAP4rev1] hi", lines[3], StringComparison.Ordinal);
        Assert.EndsWith(" 7f3a alice 127.0.0.1:50123 G: A1 LOGIN alice ***", lines[4], StringComparison.Ordinal);

        var events = File.ReadAllText(json, Encoding.UTF8).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(5, events.Length);
        Assert.All(events, e => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", e.GetProperty("@t").GetString()));
        Assert.All(events, e => Assert.Equal("{Direction} {Text:l}", e.GetProperty("@mt").GetString()));
        Assert.All(events, e => Assert.DoesNotContain("P@ss", e.GetRawText(), StringComparison.Ordinal));
        Assert.Equal("***", events[2].GetProperty("Text").GetString());
        Assert.Equal("C:", events[2].GetProperty("Direction").GetString());
        Assert.False(events[2].TryGetProperty("User", out _));
        Assert.Equal("alice", events[3].GetProperty("User").GetString());
        Assert.Equal("7f3a", events[3].GetProperty("SessionId").GetString());
        Assert.Equal("127.0.0.1:50123", events[3].GetProperty("Remote").GetString());
        Assert.Equal("Imap", events[3].GetProperty("Protocol").GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(text));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(json));
        }
    }

    [Fact]
    public async Task JsonOff_WritesOnlyText()
    {
        var sink = new FileTrafficSink(new LogsOptions { Path = _folder, Traffic = true });
        sink.Write(Entry(DateTimeOffset.UtcNow, "NOOP"));
        await sink.DisposeAsync();

        Assert.Single(Directory.GetFiles(_folder, "traffic-*.log"));
        Assert.Empty(Directory.GetFiles(_folder, "traffic-*.clef"));
    }

    [Fact]
    public async Task RollsDaily_ByTheEntriesUtcDate()
    {
        var sink = new FileTrafficSink(new LogsOptions { Path = _folder, TrafficJson = true });
        sink.Write(Entry(new DateTimeOffset(2026, 11, 27, 23, 59, 59, 999, TimeSpan.Zero), "a1 NOOP"));
        sink.Write(Entry(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.FromHours(2)), "a2 NOOP"));
        sink.Write(Entry(new DateTimeOffset(2026, 11, 28, 0, 0, 1, TimeSpan.Zero), "a3 NOOP"));
        await sink.DisposeAsync();

        Assert.Equal(
            ["2026-11-27T23:59:59.999Z s1 - r C: a1 NOOP", "2026-11-27T23:00:00.000Z s1 - r C: a2 NOOP"],
            File.ReadAllLines(Path.Combine(_folder, "traffic-20261127.log")));
        Assert.Equal(["2026-11-28T00:00:01.000Z s1 - r C: a3 NOOP"], File.ReadAllLines(Path.Combine(_folder, "traffic-20261128.log")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_folder, "traffic-20261127.clef")).Length);
    }

    [Fact]
    public async Task FullQueue_DropsAndCounts_WithoutBlocking_ThenReportsOnce()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var time = new FakeTimeProvider();
        var sink = new FileTrafficSink(new LogsOptions { Path = _folder, TrafficJson = true }, capacity: 3, time, gate.Task);

        for (var i = 0; i < 10; i++)
        {
            sink.Write(Entry(time.GetUtcNow(), $"a{i} NOOP"));
        }

        Assert.Equal(7, sink.Dropped);
        gate.SetResult();
        await sink.DisposeAsync();

        var lines = File.ReadAllLines(Directory.GetFiles(_folder, "traffic-*.log").Single());
        Assert.Equal(
            ["a0 NOOP", "a1 NOOP", "a2 NOOP", "<7 traffic log entries dropped: the log could not keep up>"],
            lines.Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
        var events = File.ReadAllLines(Directory.GetFiles(_folder, "traffic-*.clef").Single()).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(7, events[^1].GetProperty("Dropped").GetInt64());
        Assert.Equal(7, sink.Dropped);
    }

    [Fact]
    public async Task UnwritableFolder_DropsAndCounts_NeverThrows()
    {
        Directory.CreateDirectory(_folder);
        var blocked = Path.Combine(_folder, "file-not-folder");
        File.WriteAllText(blocked, "x");
        var sink = new FileTrafficSink(new LogsOptions { Path = blocked });

        sink.Write(Entry(DateTimeOffset.UtcNow, "NOOP"));
        await sink.DisposeAsync();

        Assert.Equal(1, sink.Dropped);
    }

    [Fact]
    public async Task WriteAfterDispose_IsDroppedNotThrown()
    {
        var sink = new FileTrafficSink(new LogsOptions { Path = _folder });
        await sink.DisposeAsync();

        sink.Write(Entry(DateTimeOffset.UtcNow, "NOOP"));
        await sink.DisposeAsync();

        Assert.Equal(1, sink.Dropped);
    }

    [Fact]
    public void NullSink_IsDisabled()
    {
        Assert.False(NullTrafficSink.Instance.Enabled);
        NullTrafficSink.Instance.Write(Entry(DateTimeOffset.UtcNow, "NOOP"));
    }

    private static TrafficEntry Entry(DateTimeOffset at, string text) =>
        new(at, "s1", TrafficProtocol.Imap, null, "r", TrafficDirection.FromClient, text);
}
