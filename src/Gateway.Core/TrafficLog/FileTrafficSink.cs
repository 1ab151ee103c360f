using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Gateway.Core.Configuration;

namespace Gateway.Core.TrafficLog;

/// <summary>
/// Writes traffic entries to <c>traffic-yyyyMMdd.log</c> (plain text) and, when asked, to
/// <c>traffic-yyyyMMdd.clef</c> (compact JSON, one event per line) under <c>Logs:Path</c>.
/// </summary>
/// <remarks>
/// Sessions only enqueue: a bounded channel and one background writer mean a slow disk never slows
/// a session. When the queue is full entries are dropped and counted, and the count is logged once
/// the writer catches up. Files are created readable by the owner only where the OS has such modes.
/// </remarks>
public sealed class FileTrafficSink : ITrafficSink, IAsyncDisposable
{
    private const int Capacity = 50_000;

    private readonly string _folder;
    private readonly bool _json;
    private readonly Channel<TrafficEntry> _queue;
    private readonly Task _writer;
    private long _dropped;

    private string _day = "";
    private StreamWriter? _text;
    private Stream? _jsonFile;

    public FileTrafficSink(LogsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _folder = options.Path;
        _json = options.TrafficJson;
        _queue = Channel.CreateBounded<TrafficEntry>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    public bool Enabled => true;

    /// <summary>Entries lost because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(TrafficEntry entry)
    {
        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Writes everything queued so far and closes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        long reportedDropped = 0;
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                while (_queue.Reader.TryRead(out var entry))
                {
                    var dropped = Dropped;
                    if (dropped != reportedDropped)
                    {
                        WriteEntry(entry with { Text = $"<{dropped - reportedDropped} traffic log entries dropped: the log could not keep up>" });
                        reportedDropped = dropped;
                    }

                    WriteEntry(entry);
                }

                await FlushAsync();
            }
        }
        finally
        {
            await CloseAsync();
        }
    }

    private void WriteEntry(TrafficEntry entry)
    {
        try
        {
            var day = entry.Timestamp.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            if (day != _day)
            {
                Open(day);
            }

            var timestamp = entry.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            _text!.Write(timestamp);
            _text.Write(' ');
            _text.Write(entry.SessionId);
            _text.Write(' ');
            _text.Write(entry.Protocol.ToString().ToUpperInvariant());
            _text.Write(' ');
            _text.Write(entry.User ?? "-");
            _text.Write(' ');
            _text.Write(entry.Remote);
            _text.Write(' ');
            _text.Write(TrafficEntry.Label(entry.Direction));
            _text.Write(' ');
            _text.Write(entry.Text);
            _text.Write('\n');

            if (_jsonFile is not null)
            {
                using var json = new Utf8JsonWriter(_jsonFile);
                json.WriteStartObject();
                json.WriteString("@t", timestamp);
                json.WriteString("@mt", "{Direction} {Text}");
                json.WriteString("Direction", TrafficEntry.Label(entry.Direction));
                json.WriteString("Text", entry.Text);
                json.WriteString("SessionId", entry.SessionId);
                json.WriteString("Protocol", entry.Protocol.ToString());
                if (entry.User is not null)
                {
                    json.WriteString("User", entry.User);
                }

                json.WriteString("Remote", entry.Remote);
                json.WriteEndObject();
                json.Flush();
                _jsonFile.WriteByte((byte)'\n');
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk must not stop the gateway; the entry is lost and counted.
            Interlocked.Increment(ref _dropped);
        }
    }

    private void Open(string day)
    {
        _text?.Dispose();
        _jsonFile?.Dispose();
        Directory.CreateDirectory(_folder);
        _day = day;
        _text = new StreamWriter(OpenAppend($"traffic-{day}.log"), new UTF8Encoding(false)) { AutoFlush = false };
        _jsonFile = _json ? OpenAppend($"traffic-{day}.clef") : null;
    }

    private FileStream OpenAppend(string name)
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(Path.Combine(_folder, name), options);
    }

    private async Task FlushAsync()
    {
        try
        {
            if (_text is not null)
            {
                await _text.FlushAsync();
            }

            if (_jsonFile is not null)
            {
                await _jsonFile.FlushAsync();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private async Task CloseAsync()
    {
        await FlushAsync();
        if (_text is not null)
        {
            await _text.DisposeAsync();
        }

        if (_jsonFile is not null)
        {
            await _jsonFile.DisposeAsync();
        }
    }
}
