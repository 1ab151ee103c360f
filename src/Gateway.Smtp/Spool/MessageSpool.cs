using System.Security.Cryptography;

namespace Gateway.Smtp.Spool;

/// <summary>
/// The on-disk spool under <c>Spool:Path</c>: <c>queue/&lt;id&gt;.eml</c> (the message as received) plus
/// <c>queue/&lt;id&gt;.json</c> (its <see cref="SpoolEnvelope"/>); messages being received live in <c>tmp/</c>.
/// </summary>
/// <remarks>
/// <para>
/// Invariant: a message is in the spool exactly when its envelope file exists. The .eml is flushed to disk and
/// renamed into <c>queue/</c> first, then the envelope is written to a temporary name, flushed and renamed;
/// only then does the client get 250. An envelope is replaced the same way, so a reader sees the old or the
/// new one, never a mix. A crash leaves at most files in <c>tmp/</c>, <c>*.json.tmp</c> and .eml files
/// without envelope; <see cref="Recover"/> deletes them at start, so partial files are never sent.
/// </para>
/// <para>
/// Not covered: the folder entry of a rename is not fsynced (.NET cannot open a folder for that on Windows);
/// a power failure right after 250 may lose the rename on file systems that reorder metadata. A killed
/// process loses nothing: the data is in the OS's page cache.
/// </para>
/// </remarks>
public sealed class MessageSpool
{
    private const string MessageSuffix = ".eml";
    private const string EnvelopeSuffix = ".json";
    private const string TempSuffix = ".tmp";

    private readonly TimeProvider _time;

    /// <summary>Uses the spool folder <paramref name="path"/>; nothing is touched until a method is called.</summary>
    public MessageSpool(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Root = path;
        QueueDirectory = Path.Combine(path, "queue");
        TempDirectory = Path.Combine(path, "tmp");
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Root { get; }

    public string QueueDirectory { get; }

    public string TempDirectory { get; }

    /// <summary>Creates the spool's folders if needed.</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(QueueDirectory);
        Directory.CreateDirectory(TempDirectory);
    }

    /// <summary>Whether <paramref name="id"/> has the shape of a spool id (so it is safe in a path).</summary>
    public static bool IsValidId(string id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 && id.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c == '-');

    /// <summary>A new id that sorts by time: <c>yyyyMMddHHmmssfff-xxxxxxxx</c>.</summary>
    public string NewId() =>
        $"{_time.GetUtcNow():yyyyMMddHHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>Creates the file a message is received into, under <c>tmp/</c>; delete it or <see cref="CommitAsync"/> it.</summary>
    public FileStream CreateIncoming(string id) => new(
        IncomingPath(id), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous);

    /// <summary>Deletes a received message that did not go into the spool.</summary>
    public void DiscardIncoming(string id) => File.Delete(IncomingPath(id));

    /// <summary>
    /// Moves a fully received message into the spool with its envelope: flush to disk, rename, write the
    /// envelope atomically. <paramref name="incoming"/> is closed. Returns when the message is durable.
    /// </summary>
    public async Task CommitAsync(FileStream incoming, SpoolEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(envelope);
        await incoming.FlushAsync(cancellationToken);
        incoming.Flush(flushToDisk: true);
        await incoming.DisposeAsync();
        File.Move(IncomingPath(envelope.Id), MessagePath(envelope.Id), overwrite: false);
        await WriteEnvelopeAsync(envelope, cancellationToken);
    }

    /// <summary>Writes (or replaces) an envelope atomically: temporary file, flush to disk, rename.</summary>
    public async Task WriteEnvelopeAsync(SpoolEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var final = EnvelopePath(envelope.Id);
        var temp = final + TempSuffix;
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(envelope.ToJson(), cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, final, overwrite: true);
    }

    /// <summary>Every envelope in the spool, oldest first; unreadable ones are reported in <paramref name="problems"/>.</summary>
    public IReadOnlyList<SpoolEnvelope> List(out IReadOnlyList<string> problems)
    {
        var found = new List<SpoolEnvelope>();
        var bad = new List<string>();
        if (Directory.Exists(QueueDirectory))
        {
            foreach (var path in Directory.EnumerateFiles(QueueDirectory, "*" + EnvelopeSuffix))
            {
                var id = Path.GetFileName(path)[..^EnvelopeSuffix.Length];
                if (TryRead(id, out var envelope, out var error))
                {
                    found.Add(envelope);
                }
                else if (error is not null)
                {
                    bad.Add($"{id}: {error}");
                }
            }
        }

        problems = bad;
        return [.. found.OrderBy(e => e.Received).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    /// <summary>Reads one envelope; false when it is gone (<paramref name="error"/> null) or damaged.</summary>
    public bool TryRead(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SpoolEnvelope? envelope, out string? error)
    {
        envelope = null;
        error = null;
        if (!IsValidId(id))
        {
            error = "not a spool id";
            return false;
        }

        byte[] json;
        try
        {
            json = File.ReadAllBytes(EnvelopePath(id));
        }
        catch (FileNotFoundException)
        {
            return false;
        }

        if (!SpoolEnvelope.TryParse(json, out envelope, out var parseError))
        {
            error = parseError;
            return false;
        }

        if (envelope.Id != id)
        {
            error = $"envelope names id {envelope.Id}";
            envelope = null;
            return false;
        }

        return true;
    }

    /// <summary>Opens a spooled message for reading; it may be deleted while open.</summary>
    public FileStream OpenMessage(string id) => new(
        MessagePath(id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Removes a message from the spool (envelope first, so a crash in between leaves an orphan, not a half entry).</summary>
    /// <returns>False when there was no such message.</returns>
    public bool Delete(string id)
    {
        if (!IsValidId(id) || !File.Exists(EnvelopePath(id)))
        {
            return false;
        }

        File.Delete(EnvelopePath(id));
        File.Delete(MessagePath(id));
        return true;
    }

    /// <summary>Makes one message (or all) due now; the running gateway notices the rewritten envelope.</summary>
    /// <returns>How many envelopes were rewritten.</returns>
    public async Task<int> RetryAsync(string? id, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var targets = id is null ? List(out _) : TryRead(id, out var one, out _) ? [one] : [];
        foreach (var envelope in targets)
        {
            await WriteEnvelopeAsync(envelope with { NextAttempt = now }, cancellationToken);
        }

        return targets.Count;
    }

    /// <summary>Deletes what a crash can leave behind: received-but-not-committed files, envelope temporaries, messages without envelope.</summary>
    /// <remarks>Call only while nothing else uses the spool (at start, under <see cref="TryLock"/>).</remarks>
    /// <returns>How many files were deleted.</returns>
    public int Recover()
    {
        EnsureCreated();
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(TempDirectory))
        {
            File.Delete(path);
            deleted++;
        }

        foreach (var path in Directory.EnumerateFiles(QueueDirectory))
        {
            var name = Path.GetFileName(path);
            var orphan = name.EndsWith(TempSuffix, StringComparison.Ordinal)
                || (name.EndsWith(MessageSuffix, StringComparison.Ordinal) && !File.Exists(Path.ChangeExtension(path, EnvelopeSuffix)));
            if (orphan)
            {
                File.Delete(path);
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Takes the spool's lock file, held while one gateway process delivers from it; null when another process holds it.</summary>
    public IDisposable? TryLock()
    {
        EnsureCreated();
        try
        {
            return new FileStream(Path.Combine(Root, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public string MessagePath(string id) => Path.Combine(QueueDirectory, id + MessageSuffix);

    public string EnvelopePath(string id) => Path.Combine(QueueDirectory, id + EnvelopeSuffix);

    private string IncomingPath(string id) => Path.Combine(TempDirectory, id + MessageSuffix);
}
