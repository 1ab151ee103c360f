using System.Text.Json;

namespace Gateway.Core.Cache;

/// <summary>
/// <c>root/stats.json</c>: the counters of every store that ever ran on the folder, added up, so that
/// <c>scogw cache stats</c> in another process can print them. A store adds its increments since its last save
/// (read, add, write temp + flush + rename), so a crash loses at most one save interval and never leaves a half
/// file; two stores saving at the same instant may lose one of the two increments (counters are statistics, not
/// accounting). An unreadable file counts as zero and is replaced on the next save.
/// </summary>
internal static class CacheCounterFile
{
    public const string FileName = "stats.json";

    public static SavedCacheCounters? TryRead(string root)
    {
        try
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, FileName));
            using var json = JsonDocument.Parse(bytes);
            var o = json.RootElement;
            var counters = new MessageCacheCounters(
                o.GetProperty("hits").GetInt64(), o.GetProperty("misses").GetInt64(), o.GetProperty("bytesServed").GetInt64(),
                o.GetProperty("bytesStored").GetInt64(), o.GetProperty("corrupt").GetInt64(), o.GetProperty("evictions").GetInt64(),
                o.GetProperty("errors").GetInt64());
            return new SavedCacheCounters(counters, o.GetProperty("since").GetDateTimeOffset(), o.GetProperty("saved").GetDateTimeOffset());
        }
        catch (Exception e) when (MessageCacheStore.IsStorageFailure(e) || e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Adds <paramref name="delta"/> to the saved counters; throws on storage failures.</summary>
    public static void Add(string root, in MessageCacheCounters delta, DateTimeOffset now)
    {
        var saved = TryRead(root);
        var total = (saved?.Counters ?? default).Plus(delta);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("since", saved?.Since ?? now);
            json.WriteString("saved", now);
            json.WriteNumber("hits", total.Hits);
            json.WriteNumber("misses", total.Misses);
            json.WriteNumber("bytesServed", total.BytesServed);
            json.WriteNumber("bytesStored", total.BytesStored);
            json.WriteNumber("corrupt", total.Corrupt);
            json.WriteNumber("evictions", total.Evictions);
            json.WriteNumber("errors", total.Errors);
            json.WriteEndObject();
        }

        MessageCacheStore.WriteFileAtomically(Path.Combine(root, FileName), buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
