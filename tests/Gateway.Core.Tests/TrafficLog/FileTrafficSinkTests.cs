using System.Text;
using System.Text.Json;
using Gateway.Core.Configuration;
using Gateway.Core.TrafficLog;

namespace Gateway.Core.Tests.TrafficLog;

public sealed class FileTrafficSinkTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scogw-sink-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task WritesTextAndJson_WithoutTheSecret_OwnerOnly()
    {
        var sink = new FileTrafficSink(new LogsOptions { Path = _folder, Traffic = true, TrafficJson = true });
        var recorder = new TrafficRecorder(sink, "ab12cd34", TrafficProtocol.Imap, "127.0.0.1:50123");
        recorder.Record(TrafficDirection.FromClient, "a1 LOGIN alice {11}\r\n"u8);
        recorder.Record(TrafficDirection.ToClient, "+ go\r\n"u8);
        recorder.Record(TrafficDirection.FromClient, "P@ss\"word!\r\n"u8);
        recorder.User = "alice";
        recorder.Record(TrafficDirection.ToClient, "a1 OK [CAPABILITY IMAP4rev1] hi\r\n"u8);

        await sink.DisposeAsync();

        var text = Directory.GetFiles(_folder, "traffic-*.log").Single();
        var json = Directory.GetFiles(_folder, "traffic-*.clef").Single();
        var textBytes = File.ReadAllText(text, Encoding.UTF8);
        var jsonBytes = File.ReadAllText(json, Encoding.UTF8);
        Assert.DoesNotContain("P@ss", textBytes, StringComparison.Ordinal);
        Assert.DoesNotContain("P@ss", jsonBytes, StringComparison.Ordinal);
        var lines = textBytes.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ab12cd34 IMAP - 127\.0\.0\.1:50123 C: a1 LOGIN alice \{11\}$", lines[0]);
        Assert.EndsWith(" C: ***", lines[2], StringComparison.Ordinal);
        Assert.Contains(" IMAP alice 127.0.0.1:50123 S: a1 OK [CAPABILITY IMAP4rev1] hi", lines[3], StringComparison.Ordinal);
        var events = jsonBytes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(4, events.Length);
        Assert.Equal("***", events[2].GetProperty("Text").GetString());
        Assert.Equal("alice", events[3].GetProperty("User").GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(text));
        }
    }

    [Fact]
    public async Task UnwritableFolder_DropsAndCounts_NeverThrows()
    {
        Directory.CreateDirectory(_folder);
        var blocked = Path.Combine(_folder, "file-not-folder");
        File.WriteAllText(blocked, "x");
        var sink = new FileTrafficSink(new LogsOptions { Path = blocked });

        sink.Write(new TrafficEntry(DateTimeOffset.UtcNow, "s", TrafficProtocol.Ftp, null, "r", TrafficDirection.FromClient, "NOOP"));
        await sink.DisposeAsync();

        Assert.Equal(1, sink.Dropped);
    }
}
