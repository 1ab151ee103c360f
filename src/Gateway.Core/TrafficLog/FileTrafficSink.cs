using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Gateway.Core.Configuration;

namespace Gateway.Core.TrafficLog;

/// <summary>
/// Writes traffic entries to <c>traffic-yyyyMMdd.log</c> (plain text) and, when <c>Logs:TrafficJson</c>
/// is on, to <c>traffic-yyyyMMdd.clef</c> (compact JSON, one event per line) under <c>Logs:Path</c>.
/// </summary>
/// <remarks>
/// A text line is <c>2026-11-27T10:00:00.123Z 7f3a alice 127.0.0.1:50123 C: a1 LOGIN alice ***</c>
/// (<c>-</c> for an unknown user). Sessions only enqueue: a bounded channel and one background
/// writer mean a slow disk never slows a session. When the queue is full entries are dropped and
/// counted, and the count is written once the writer catches up. Files roll daily by the entries'
/// UTC date and are created readable by the owner only where the OS has such modes.
/// </remarks>
public sealed class FileTrafficSink : ITrafficSink, IAsyncDisposable
{
    /// <summary>Entries queued at most; more are dropped and counted.</summary>
    public const int DefaultCapacity = 50_000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _folder;
    private readonly bool _json;
    private readonly TimeProvider _time;
    private readonly Channel<TrafficEntry> _queue;
    private readonly Task _writer;

    // Entries refused by the full queue or lost to I/O errors; incremented by sessions and the writer.
    private long _dropped;

    // The fields below belong to the writer task alone.
    private long _reported;
    private string? _day;
    private StreamWriter? _text;
    private FileStream? _jsonFile;
    private Utf8JsonWriter? _jsonWriter;

    /// <summary>Starts the background writer for <paramref name="options"/>' folder.</summary>
    public FileTrafficSink(LogsOptions options)
        : this(options, DefaultCapacity, TimeProvider.System, startGate: null)
    {
    }

    /// <param name="options">Folder and JSON switch.</param>
    /// <param name="capacity">Queue capacity.</param>
    /// <param name="time">The clock of the "dropped" notices.</param>
    /// <param name="startGate">Tests: the writer starts only when this task completes.</param>
    internal FileTrafficSink(LogsOptions options, int capacity, TimeProvider time, Task? startGate)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _folder = options.Path;
        _json = options.TrafficJson;
        _time = time;
        _queue = Channel.CreateBounded<TrafficEntry>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(() => WriteLoopAsync(startGate));
    }

    /// <inheritdoc/>
    public bool Enabled => true;

    /// <summary>Entries lost so far because the queue was full or the disk failed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues one entry without waiting; drops and counts it when the queue is full.</summary>
    public void Write(TrafficEntry entry)
    {
        // With FullMode.Wait, TryWrite returns false instead of evicting or blocking.
        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Writes everything queued so far, reports drops, and closes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync(Task? startGate)
    {
        try
        {
            if (startGate is not null)
            {
                await startGate;
            }

            while (await _queue.Reader.WaitToReadAsync())
            {
                while (_queue.Reader.TryRead(out var entry))
                {
                    if (!TryWriteEntry(entry))
                    {
                        Interlocked.Increment(ref _dropped);
                    }
                }

                // Caught up: the queue is empty, so say how much was lost meanwhile.
                ReportDrops(_time.GetUtcNow());
                await FlushAsync();
            }

            ReportDrops(_time.GetUtcNow());
        }
        finally
        {
            await CloseAsync();
        }
    }

    private void ReportDrops(DateTimeOffset now)
    {
        var dropped = Dropped;
        if (dropped == _reported)
        {
            return;
        }

        var count = dropped - _reported;
        _reported = dropped;
        var timestamp = Timestamp(now);
        var text = $"{count} traffic log entries dropped: the log could not keep up";
        TryWrite(now, writer =>
        {
            writer.Write(timestamp);
            writer.Write(" - - - !: <");
            writer.Write(text);
            writer.Write(">\n");
        }, json =>
        {
            json.WriteString("@t", timestamp);
            json.WriteString("@mt", "{Dropped} traffic log entries dropped: the log could not keep up");
            json.WriteString("@l", "Warning");
            json.WriteNumber(nameof(Dropped), count);
        });
    }

    private bool TryWriteEntry(TrafficEntry entry)
    {
        var timestamp = Timestamp(entry.Timestamp);
        var label = TrafficEntry.Label(entry.Direction);
        return TryWrite(entry.Timestamp, writer =>
        {
            writer.Write(timestamp);
            writer.Write(' ');
            writer.Write(entry.SessionId);
            writer.Write(' ');
            writer.Write(string.IsNullOrEmpty(entry.User) ? "-" : entry.User.Replace(' ', '_'));
            writer.Write(' ');
            writer.Write(entry.Remote);
            writer.Write(' ');
            writer.Write(label);
            writer.Write(' ');
            writer.Write(entry.Text);
            writer.Write('\n');
        }, json =>
        {
            json.WriteString("@t", timestamp);
            json.WriteString("@mt", "{Direction} {Text:l}");
            json.WriteString("Direction", label);
            json.WriteString("Text", entry.Text);
            json.WriteString("SessionId", entry.SessionId);
            json.WriteString("Protocol", entry.Protocol.ToString());
            if (entry.User is not null)
            {
                json.WriteString("User", entry.User);
            }

            json.WriteString("Remote", entry.Remote);
        });
    }

    private bool TryWrite(DateTimeOffset at, Action<StreamWriter> text, Action<Utf8JsonWriter> json)
    {
        try
        {
            var day = at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            if (day != _day || _text is null)
            {
                Open(day);
            }

            text(_text!);
            if (_jsonWriter is not null)
            {
                _jsonWriter.Reset();
                _jsonWriter.WriteStartObject();
                json(_jsonWriter);
                _jsonWriter.WriteEndObject();
                _jsonWriter.Flush();
                _jsonFile!.WriteByte((byte)'\n');
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk must not stop the gateway; the caller counts the loss.
            return false;
        }
    }

    private void Open(string day)
    {
        CloseFiles();
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_folder);
        }
        else
        {
            Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _text = new StreamWriter(OpenAppend($"traffic-{day}.log"), Utf8);
        if (_json)
        {
            _jsonFile = OpenAppend($"traffic-{day}.clef");
            _jsonWriter = new Utf8JsonWriter(_jsonFile, new JsonWriterOptions
            {
                // Keeps non-ASCII text readable; quotes, backslashes and control characters are still escaped.
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            });
        }

        _day = day;
    }

    private FileStream OpenAppend(string name)
    {
        var path = Path.Combine(_folder, name);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            // Applied when the file is created, so it is never readable by others, even briefly.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
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
        try
        {
            CloseFiles();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private void CloseFiles()
    {
        var text = _text;
        var jsonWriter = _jsonWriter;
        var jsonFile = _jsonFile;
        _text = null;
        _jsonWriter = null;
        _jsonFile = null;
        _day = null;
        jsonWriter?.Dispose();
        jsonFile?.Dispose();
        text?.Dispose();
    }

    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
