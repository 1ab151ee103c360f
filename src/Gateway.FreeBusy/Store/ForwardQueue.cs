using System.Text.Json;

namespace Gateway.FreeBusy.Store;

/// <summary>
/// The durable queue of forwards to the upstream, in <c>FreeBusy:Path/queue</c>: one job file plus, for a
/// put, a copy of the content. It survives restarts, and holds at most one job per name (the newest wins).
/// </summary>
/// <remarks>Every file is written to a temporary name, flushed to disk, and renamed, as the store does.</remarks>
internal sealed class ForwardQueue
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    private readonly string _directory;

    // _lock guards _jobs (name -> the one job of that name) and the job files.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ForwardJob> _jobs = new(StringComparer.Ordinal);

    public ForwardQueue(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _directory = Path.Combine(root, "queue");
        Directory.CreateDirectory(_directory);
        foreach (var stale in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            FreeBusyStore.TryDelete(stale);
        }

        var loaded = new List<ForwardJob>();
        foreach (var file in Directory.EnumerateFiles(_directory, "*.job"))
        {
            try
            {
                if (JsonSerializer.Deserialize<ForwardJob>(File.ReadAllBytes(file), s_json) is { } job
                    && job.Id == Path.GetFileNameWithoutExtension(file) && FreeBusyNames.IsValidFileName(job.Name)
                    && (job.Action == ForwardAction.Delete || File.Exists(ContentPath(job.Id))))
                {
                    loaded.Add(job);
                    continue;
                }
            }
            catch (JsonException)
            {
            }

            Unreadable.Add(Path.GetFileName(file));
        }

        foreach (var job in loaded.OrderBy(j => j.Created))
        {
            if (_jobs.TryGetValue(job.Name, out var older))
            {
                DeleteFiles(older.Id);
            }

            // After a restart every job is due at once: the upstream may well be back by now.
            _jobs[job.Name] = job with { NextAttempt = DateTimeOffset.MinValue };
        }
    }

    /// <summary>Job files found at start that could not be read; they are left in place for the admin.</summary>
    public List<string> Unreadable { get; } = [];

    /// <summary>Raised after a job is added, so the worker wakes up.</summary>
    public event EventHandler? Changed;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _jobs.Count;
            }
        }
    }

    /// <summary>The queued copy of a put job's content.</summary>
    public string ContentPath(string id) => Path.Combine(_directory, id + ".vfb");

    /// <summary>Queues <paramref name="action"/> for <paramref name="name"/>, replacing any job of that name.</summary>
    /// <param name="contentPath">For a put, the file to copy into the queue.</param>
    public async Task<ForwardJob> EnqueueAsync(string name, string owner, ForwardAction action, string? contentPath, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var job = new ForwardJob(Guid.NewGuid().ToString("N"), name, owner, action, now, 0, now, null);
        if (action == ForwardAction.Put)
        {
            ArgumentNullException.ThrowIfNull(contentPath);
            var temp = ContentPath(job.Id) + ".tmp";
            await using (var source = new FileStream(contentPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, useAsync: true))
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await source.CopyToAsync(target, cancellationToken);
                target.Flush(flushToDisk: true);
            }

            File.Move(temp, ContentPath(job.Id));
        }

        lock (_lock)
        {
            WriteJob(job);
            if (_jobs.TryGetValue(name, out var older))
            {
                DeleteFiles(older.Id);
            }

            _jobs[name] = job;
        }

        Changed?.Invoke(this, EventArgs.Empty);
        return job;
    }

    /// <summary>Whether a job for <paramref name="name"/> is waiting, i.e. the local copy is newer than the upstream's.</summary>
    public bool IsPending(string name)
    {
        lock (_lock)
        {
            return _jobs.ContainsKey(name);
        }
    }

    /// <summary>All queued jobs, oldest first.</summary>
    public IReadOnlyList<ForwardJob> Snapshot()
    {
        lock (_lock)
        {
            return [.. _jobs.Values.OrderBy(j => j.Created)];
        }
    }

    /// <summary>Removes <paramref name="job"/> after success or expiry, unless a newer job replaced it meanwhile.</summary>
    public void Complete(ForwardJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_lock)
        {
            if (_jobs.TryGetValue(job.Name, out var current) && current.Id == job.Id)
            {
                _jobs.Remove(job.Name);
                DeleteFiles(job.Id);
            }
        }
    }

    /// <summary>Records a failed attempt and when to try again; false when a newer job replaced it meanwhile.</summary>
    public bool Reschedule(ForwardJob job, int attempts, DateTimeOffset next, string error)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_lock)
        {
            if (!_jobs.TryGetValue(job.Name, out var current) || current.Id != job.Id)
            {
                return false;
            }

            var updated = job with { Attempts = attempts, NextAttempt = next, LastError = error };
            WriteJob(updated);
            _jobs[job.Name] = updated;
            return true;
        }
    }

    /// <summary>Makes every job of <paramref name="owner"/> due now (their credentials have just become available).</summary>
    public void Wake(string owner, DateTimeOffset now)
    {
        var woken = false;
        lock (_lock)
        {
            foreach (var job in _jobs.Values.Where(j => j.Owner == owner && j.NextAttempt > now).ToList())
            {
                _jobs[job.Name] = job with { NextAttempt = now };
                woken = true;
            }
        }

        if (woken)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    private void WriteJob(ForwardJob job)
    {
        var path = Path.Combine(_directory, job.Id + ".job");
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, job, s_json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private void DeleteFiles(string id)
    {
        FreeBusyStore.TryDelete(Path.Combine(_directory, id + ".job"));
        FreeBusyStore.TryDelete(ContentPath(id));
    }
}
