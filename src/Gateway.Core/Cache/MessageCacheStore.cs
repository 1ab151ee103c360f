using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Core.Cache;

/// <summary>
/// The durable per-user store of immutable message data. See <c>src/Gateway.Imap/Cache/README.md</c>.
/// </summary>
/// <remarks>
/// Layout: <c>root/u-{hash(upstream,user)}/owner</c> (upstream and user name, for stats and clear),
/// <c>root/u-…/m-{hash(mailbox)}/v{uidvalidity}/{uid}-{hash(item)}.entry</c>. No client-supplied text ever becomes
/// part of a path. The LRU index lives in memory and is rebuilt on start by scanning the folder (entries ordered by
/// their last write time, which a hit refreshes), so it survives restarts without a database. Every method catches
/// storage failures and reports a miss / "not stored" instead; counters record them.
/// With <see cref="MessageCacheOptions.EncryptionKey"/> entries are AES-GCM encrypted in chunks (see
/// <see cref="CacheEntryFormat"/>).
/// Thread-safe; several store instances on one folder (two processes) stay correct because every file is replaced
/// atomically and verified on read, but their byte budgets are enforced independently.
/// Counters: every <see cref="MessageCacheOptions.CountersSaveInterval"/> (and on <see cref="Dispose"/>) the store adds
/// what it counted since its last save to <c>root/stats.json</c>, for <c>scogw cache stats</c>. The same tick looks at
/// <c>root/cleared</c>, which every clear rewrites: when another process cleared, entries whose files are gone leave
/// the index, so the budget is not spent on phantoms.
/// </remarks>
public sealed class MessageCacheStore : IDisposable
{
    internal const string EntryExtension = ".entry";
    internal const string UserDirectoryPrefix = "u-";
    private const string TempExtension = ".tmp";
    private const string OwnerFile = "owner";
    private const string ClearedMarker = "cleared";

    private readonly string _root;
    private readonly byte[]? _masterKey;
    private readonly TimeProvider _time;
    private readonly ITimer? _saveTimer;
    private readonly DateTimeOffset _opened;

    // _saveGate serialises saving the counters and the cleared-marker check (timer ticks and Dispose);
    // it guards _saved and _clearedStamp.
    private readonly Lock _saveGate = new();
    private MessageCacheCounters _saved;
    private string? _clearedStamp;
    private bool _disposed;

    // _gate guards _index, _lru and _totalBytes.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<IndexEntry>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<IndexEntry> _lru = new();

    // Small verified payloads (ENVELOPE, RFC822.SIZE, headers…) kept in memory, least recently used out first: a
    // folder listing asks thousands of them, and a file open and checksum each would be slower than the server.
    private readonly Dictionary<string, LinkedListNode<(string Path, byte[] Payload)>> _small = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Path, byte[] Payload)> _smallLru = new();
    private long _smallBytes;
    private long _totalBytes;
    private long _hits;
    private long _misses;
    private long _bytesServed;
    private long _bytesStored;
    private long _corrupt;
    private long _evictions;
    private long _errors;

    /// <param name="options">Folder, budget and save interval.</param>
    /// <param name="timeProvider">Drives the counter save timer; <see cref="TimeProvider.System"/> when null.</param>
    public MessageCacheStore(MessageCacheOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new ArgumentException("Cache:Directory is required.", nameof(options));
        }

        if (options.EncryptionKey is { } key)
        {
            if (key.Length != CacheKeyFile.KeyLength)
            {
                throw new ArgumentException($"The cache encryption key must be {CacheKeyFile.KeyLength} bytes.", nameof(options));
            }

            if (!System.Security.Cryptography.AesGcm.IsSupported)
            {
                throw new PlatformNotSupportedException("Cache:Encrypt needs AES-GCM, which this platform does not offer.");
            }

            _masterKey = [.. key];
        }

        _root = Path.GetFullPath(options.Directory);
        _time = timeProvider ?? TimeProvider.System;
        _opened = _time.GetUtcNow();
        MaxSizeBytes = options.MaxSizeBytes;
        _clearedStamp = ReadClearedMarker(_root);
        try
        {
            CreateOwnerOnlyDirectory(_root);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Scan();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            CountError();
        }

        if (options.CountersSaveInterval > TimeSpan.Zero)
        {
            _saveTimer = _time.CreateTimer(static state => ((MessageCacheStore)state!).OnSaveTick(), this, options.CountersSaveInterval, options.CountersSaveInterval);
        }
    }

    public long MaxSizeBytes { get; }

    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    /// <summary>Whether the entry is indexed (no IO; the entry may still turn out corrupt when opened).</summary>
    public bool Contains(in MessageCacheKey key)
    {
        var path = EntryPath(key);
        lock (_gate)
        {
            return _index.ContainsKey(path);
        }
    }

    /// <summary>
    /// Opens a verified entry, or null (a miss) when it is absent, corrupt, truncated or unreadable; a bad entry is
    /// deleted. The checksum (plain) or every chunk's GCM tag (encrypted) is verified by streaming the file once before
    /// it is handed out, so nothing unverified is ever served. With encryption the content stream decrypts one 64 KB
    /// chunk at a time (seekable); a plain entry under an encrypting store, or the reverse, counts as corrupt.
    /// </summary>
    public async ValueTask<CachedEntry?> TryOpenAsync(MessageCacheKey key, CancellationToken cancellationToken = default)
    {
        var path = EntryPath(key);
        bool indexed;
        lock (_gate)
        {
            // No look at the disk for a memory copy (a stat per item would cost a folder listing milliseconds): a copy
            // was verified when read, goes when its entry is forgotten, evicted or cleared through this store, and
            // after a clear by another process (scogw cache clear) at the next tick.
            if (_small.TryGetValue(path, out var small) && _index.TryGetValue(path, out var node))
            {
                _smallLru.Remove(small);
                _smallLru.AddLast(small);
                _lru.Remove(node);
                _lru.AddLast(node);
                Interlocked.Increment(ref _hits);
                Interlocked.Add(ref _bytesServed, small.Value.Payload.Length);
                return new CachedEntry(new MemoryStream(small.Value.Payload, writable: false), small.Value.Payload.Length);
            }

            indexed = _index.ContainsKey(path);
        }

        if (!indexed && !File.Exists(path))
        {
            Interlocked.Increment(ref _misses);
            return null;
        }

        FileStream? file = null;
        try
        {
            file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            });
            var fileBytes = file.Length;
            var keyHash = CacheEntryFormat.KeyHash(key);
            Stream? content = null;
            long length;
            if (_masterKey is null)
            {
                length = await VerifyAsync(file, keyHash, cancellationToken);
                if (length >= 0)
                {
                    file.Position = CacheEntryFormat.HeaderLength;
                    content = file;
                }
            }
            else
            {
                (length, content) = await OpenEncryptedAsync(file, keyHash, _masterKey, cancellationToken);
            }

            if (content is null)
            {
                await file.DisposeAsync();
                file = null;
                Interlocked.Increment(ref _corrupt);
                Interlocked.Increment(ref _misses);
                Forget(path, delete: true);
                return null;
            }

            file = null;
            Touch(path, fileBytes);
            Interlocked.Increment(ref _hits);
            Interlocked.Add(ref _bytesServed, length);
            if (length <= SmallEntryBytes)
            {
                var payload = new byte[length];
                await using (content)
                {
                    await content.ReadExactlyAsync(payload, cancellationToken);
                }

                KeepSmall(path, payload);
                return new CachedEntry(new MemoryStream(payload, writable: false), length);
            }

            return new CachedEntry(content, length);
        }
        catch (FileNotFoundException)
        {
            Forget(path, delete: false);
            Interlocked.Increment(ref _misses);
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            Forget(path, delete: false);
            Interlocked.Increment(ref _misses);
            return null;
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            CountError();
            Interlocked.Increment(ref _misses);
            return null;
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }
    }

    /// <summary>Starts writing an entry; null when the cache cannot store now (the caller just does not cache).</summary>
    public CacheEntryWriter? BeginWrite(MessageCacheKey key)
    {
        var path = EntryPath(key);
        var temp = $"{path}.{Guid.NewGuid():N}{TempExtension}";
        try
        {
            CreateOwnerOnlyDirectory(Path.GetDirectoryName(path)!);
            EnsureOwnerFile(key.UpstreamId, key.User);
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,

                // The relay writes a literal in network-sized pieces (a few KB): gather them into 64 KB writes.
                BufferSize = 64 * 1024,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var file = new FileStream(temp, options);
            file.Write(new byte[_masterKey is null ? CacheEntryFormat.HeaderLength : CacheEntryFormat.EncryptedHeaderLength]);
            var cipher = _masterKey is null ? null : CacheEntryCipher.CreateForWrite(_masterKey, CacheEntryFormat.KeyHash(key));
            return new CacheEntryWriter(this, key, temp, file, cipher);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            CountError();
            TryDelete(temp);
            return null;
        }
    }

    /// <summary>Stores all of <paramref name="content"/> under <paramref name="key"/>; false when not stored.</summary>
    public async ValueTask<bool> TryStoreAsync(MessageCacheKey key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var writer = BeginWrite(key);
        if (writer is null)
        {
            return false;
        }

        await using (writer)
        {
            await writer.WriteFromAsync(content, cancellationToken);
            return await writer.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Stores <paramref name="content"/> (a small item such as ENVELOPE); false when not stored.</summary>
    public async ValueTask<bool> TryStoreAsync(MessageCacheKey key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var writer = BeginWrite(key);
        if (writer is null)
        {
            return false;
        }

        await using (writer)
        {
            await writer.WriteAsync(content, cancellationToken);
            return await writer.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Removes one item (e.g. a UID found expunged).</summary>
    public void Remove(in MessageCacheKey key) => Forget(EntryPath(key), delete: true);

    /// <summary>Removes every item of one UID (lazily dropped after an expunge).</summary>
    public void RemoveUid(in MessageCacheMailbox mailbox, long uid)
    {
        var prefix = Path.Combine(VersionDirectory(mailbox), uid.ToString(CultureInfo.InvariantCulture) + "-");
        List<string> doomed;
        lock (_gate)
        {
            doomed = [.. _index.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal))];
        }

        foreach (var path in doomed)
        {
            Forget(path, delete: true);
        }
    }

    /// <summary>
    /// Records the mailbox's current UIDVALIDITY: entries stored under any other UIDVALIDITY of that mailbox are
    /// dropped. Returns the number of entries dropped.
    /// </summary>
    public int SetUidValidity(in MessageCacheMailbox mailbox)
    {
        var keep = VersionDirectory(mailbox);
        var mailboxDirectory = Path.GetDirectoryName(keep)!;
        return DropUnder(mailboxDirectory, except: keep);
    }

    /// <summary>The UIDs with at least one indexed item in <paramref name="mailbox"/>, ascending.</summary>
    public IReadOnlyList<long> ListUids(in MessageCacheMailbox mailbox)
    {
        var prefix = VersionDirectory(mailbox) + Path.DirectorySeparatorChar;
        var uids = new SortedSet<long>();
        lock (_gate)
        {
            foreach (var path in _index.Keys)
            {
                if (path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var name = path.AsSpan(prefix.Length);
                    var dash = name.IndexOf('-');
                    if (dash > 0 && long.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
                    {
                        uids.Add(uid);
                    }
                }
            }
        }

        return [.. uids];
    }

    /// <summary>Deletes everything, or only the entries of <paramref name="user"/> (every upstream); returns entries removed.</summary>
    public int Clear(string? user = null)
    {
        var removed = 0;
        foreach (var (directory, _, owner) in UserDirectories())
        {
            if (user is null || string.Equals(owner, user, StringComparison.OrdinalIgnoreCase))
            {
                removed += DropUnder(directory, except: null);
                TryDeleteDirectory(directory);
            }
        }

        try
        {
            var stamp = WriteClearedMarker(_root);
            lock (_saveGate)
            {
                _clearedStamp = stamp;
            }
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            CountError();
        }

        return removed;
    }

    public MessageCacheStats GetStats()
    {
        var users = new List<MessageCacheUserStats>();
        long entries;
        lock (_gate)
        {
            entries = _index.Count;
        }

        foreach (var (directory, upstream, owner) in UserDirectories())
        {
            var prefix = directory + Path.DirectorySeparatorChar;
            long bytes = 0, count = 0;
            lock (_gate)
            {
                foreach (var entry in _lru)
                {
                    if (entry.Path.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        bytes += entry.Bytes;
                        count++;
                    }
                }
            }

            users.Add(new MessageCacheUserStats(upstream, owner, bytes, count));
        }

        var c = ReadCounters();
        return new MessageCacheStats(c.Hits, c.Misses, c.BytesServed, c.BytesStored, c.Corrupt, c.Evictions, c.Errors, TotalBytes, entries, users)
        {
            CountersSince = _opened,
        };
    }

    /// <summary>Stops the save timer and saves the counters a last time.</summary>
    public void Dispose()
    {
        lock (_saveGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _saveTimer?.Dispose();
            SaveCountersLocked();
        }
    }

    /// <summary>Adds the counters counted since the last save to <c>stats.json</c>; a storage failure counts as an error.</summary>
    internal void SaveCounters()
    {
        lock (_saveGate)
        {
            SaveCountersLocked();
        }
    }

    /// <summary>Drops index entries whose files are gone if another process cleared since the last look.</summary>
    internal void NoticeClears()
    {
        lock (_saveGate)
        {
            NoticeClearsLocked();
        }
    }

    internal static (string UpstreamId, string User) ReadOwner(string userDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(userDirectory, OwnerFile), Encoding.UTF8);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            lines = [];
        }

        return (lines.Length > 0 ? lines[0] : "", lines.Length > 1 ? lines[1] : "");
    }

    /// <summary>Rewrites <c>root/cleared</c> with a new random stamp and returns it; throws on storage failures.</summary>
    internal static string WriteClearedMarker(string root)
    {
        var stamp = Guid.NewGuid().ToString("N");
        WriteFileAtomically(Path.Combine(root, ClearedMarker), Encoding.ASCII.GetBytes(stamp));
        return stamp;
    }

    /// <summary>Writes an owner-only file through a temporary file, flushed to disk, then renamed over <paramref name="path"/>.</summary>
    internal static void WriteFileAtomically(string path, ReadOnlySpan<byte> content)
    {
        var temp = $"{path}.{Guid.NewGuid():N}{TempExtension}";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(temp, options))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    internal static bool IsStorageFailure(Exception e) => e is IOException or UnauthorizedAccessException or System.Security.SecurityException;

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            // Left behind; the start-up scan deletes stray temporary files.
        }
    }

    internal void CountError() => Interlocked.Increment(ref _errors);

    private static string? ReadClearedMarker(string root)
    {
        try
        {
            return File.ReadAllText(Path.Combine(root, ClearedMarker), Encoding.ASCII);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            return null;
        }
    }

    private MessageCacheCounters ReadCounters() => new(
        Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _bytesServed), Interlocked.Read(ref _bytesStored),
        Interlocked.Read(ref _corrupt), Interlocked.Read(ref _evictions), Interlocked.Read(ref _errors));

    private void OnSaveTick()
    {
        // A tick that finds the previous one (or Dispose) still busy skips: the next tick catches up.
        if (!_saveGate.TryEnter())
        {
            return;
        }

        try
        {
            if (!_disposed)
            {
                NoticeClearsLocked();
                SaveCountersLocked();
            }
        }
        finally
        {
            _saveGate.Exit();
        }
    }

    private void SaveCountersLocked()
    {
        var now = ReadCounters();
        var delta = now.Minus(_saved);
        if (delta.IsZero)
        {
            return;
        }

        try
        {
            CacheCounterFile.Add(_root, delta, _time.GetUtcNow());
            _saved = now;
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            // Retried on the next tick with the increments added up.
            CountError();
        }
    }

    private void NoticeClearsLocked()
    {
        var stamp = ReadClearedMarker(_root);
        if (stamp is null || stamp == _clearedStamp)
        {
            return;
        }

        _clearedStamp = stamp;
        List<string> paths;
        lock (_gate)
        {
            paths = [.. _index.Keys];
        }

        var gone = paths.Where(p => !File.Exists(p)).ToList();
        lock (_gate)
        {
            foreach (var path in gone)
            {
                Unindex(path);
            }
        }
    }

    // Renames the finished temporary file over the entry (atomic on one volume) and indexes it, then evicts.
    internal bool Publish(in MessageCacheKey key, string tempPath, long length, long bytes)
    {
        var path = EntryPath(key);
        if (bytes > MaxSizeBytes)
        {
            TryDelete(tempPath);
            return false;
        }

        try
        {
            File.Move(tempPath, path, overwrite: true);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            CountError();
            TryDelete(tempPath);
            return false;
        }

        lock (_gate)
        {
            Unindex(path);
            Index(path, bytes);
            EvictLocked();
        }

        Interlocked.Add(ref _bytesStored, length);
        return true;
    }

    // An encrypted entry: header checked, then every chunk authenticated once before the stream is handed out.
    // (-1, null) when anything is wrong; the returned stream owns the file.
    private static async ValueTask<(long Length, Stream? Content)> OpenEncryptedAsync(FileStream file, byte[] keyHash, byte[] masterKey, CancellationToken cancellationToken)
    {
        var header = new byte[CacheEntryFormat.EncryptedHeaderLength];
        var fileBytes = file.Length;
        if (fileBytes < header.Length)
        {
            return (-1, null);
        }

        await file.ReadExactlyAsync(header, cancellationToken);
        if (!CacheEntryFormat.TryReadEncryptedHeader(header, keyHash, fileBytes, out var length))
        {
            return (-1, null);
        }

        var stream = new EncryptedEntryStream(file, CacheEntryCipher.FromHeader(masterKey, header), length);
        try
        {
            if (await stream.VerifyAsync(cancellationToken))
            {
                var verified = stream;
                stream = null;
                return (length, verified);
            }

            return (-1, null);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private static async ValueTask<long> VerifyAsync(FileStream file, byte[] keyHash, CancellationToken cancellationToken)
    {
        var header = new byte[CacheEntryFormat.HeaderLength];
        if (file.Length < CacheEntryFormat.HeaderLength)
        {
            return -1;
        }

        await file.ReadExactlyAsync(header, cancellationToken);
        if (!CacheEntryFormat.TryReadHeader(header, keyHash, out var length, out _) || length != file.Length - CacheEntryFormat.HeaderLength)
        {
            return -1;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int n;
            while ((n = await file.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                total += n;
            }

            return total == length && hash.GetHashAndReset().AsSpan().SequenceEqual(header.AsSpan(16, 32)) ? length : -1;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CreateOwnerOnlyDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            // Windows: the folder inherits the ACL of Cache:Directory, which the installer restricts to the service account.
            Directory.CreateDirectory(path);
        }
        else
        {
            // The mode applies to the last level only, so each missing level is created on its own.
            if (Path.GetDirectoryName(path) is { } parent && !Directory.Exists(parent))
            {
                CreateOwnerOnlyDirectory(parent);
            }

            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            // A concurrent writer re-created something; the next clear removes it.
        }
    }

    private string UserDirectory(string upstreamId, string user) => Path.Combine(_root, UserDirectoryPrefix + CacheEntryFormat.HashName(upstreamId, user));

    private string VersionDirectory(in MessageCacheMailbox mailbox) =>
        Path.Combine(UserDirectory(mailbox.UpstreamId, mailbox.User), "m-" + CacheEntryFormat.HashName(mailbox.Mailbox), "v" + mailbox.UidValidity.ToString(CultureInfo.InvariantCulture));

    private string EntryPath(in MessageCacheKey key) =>
        Path.Combine(VersionDirectory(key.MailboxScope), key.Uid.ToString(CultureInfo.InvariantCulture) + "-" + CacheEntryFormat.HashName(key.Item)[..16] + EntryExtension);

    private void EnsureOwnerFile(string upstreamId, string user)
    {
        var path = Path.Combine(UserDirectory(upstreamId, user), OwnerFile);
        if (File.Exists(path))
        {
            return;
        }

        var temp = $"{path}.{Guid.NewGuid():N}{TempExtension}";
        File.WriteAllText(temp, upstreamId + "\n" + user + "\n", Encoding.UTF8);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }

    private IEnumerable<(string Directory, string UpstreamId, string User)> UserDirectories()
    {
        string[] directories;
        try
        {
            directories = Directory.GetDirectories(_root, UserDirectoryPrefix + "*");
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            CountError();
            yield break;
        }

        foreach (var directory in directories)
        {
            var (upstream, user) = ReadOwner(directory);
            yield return (directory, upstream, user);
        }
    }

    private void Scan()
    {
        var found = new List<(string Path, long Bytes, DateTime Used)>();
        foreach (var file in new DirectoryInfo(_root).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            if (file.Name.EndsWith(TempExtension, StringComparison.Ordinal))
            {
                TryDelete(file.FullName);
            }
            else if (file.Name.EndsWith(EntryExtension, StringComparison.Ordinal))
            {
                found.Add((file.FullName, file.Length, file.LastWriteTimeUtc));
            }
        }

        lock (_gate)
        {
            foreach (var (path, bytes, _) in found.OrderBy(f => f.Used))
            {
                Index(path, bytes);
            }

            EvictLocked();
        }
    }

    private int DropUnder(string directory, string? except)
    {
        var prefix = directory + Path.DirectorySeparatorChar;
        var exceptPrefix = except is null ? null : except + Path.DirectorySeparatorChar;
        List<string> doomed;
        lock (_gate)
        {
            doomed = [.. _index.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && (exceptPrefix is null || !p.StartsWith(exceptPrefix, StringComparison.Ordinal)))];
        }

        foreach (var path in doomed)
        {
            Forget(path, delete: true);
        }

        // Also files another instance wrote that this index has not seen.
        try
        {
            if (Directory.Exists(directory))
            {
                foreach (var sub in Directory.GetDirectories(directory))
                {
                    if (except is null || !string.Equals(sub, except, StringComparison.Ordinal))
                    {
                        TryDeleteDirectory(sub);
                    }
                }
            }
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            CountError();
        }

        return doomed.Count;
    }

    private void Touch(string path, long bytes)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(path, out var node))
            {
                _lru.Remove(node);
                _lru.AddLast(node);
            }
            else
            {
                Index(path, bytes);
                EvictLocked();
            }
        }

        try
        {
            // Persists the recency for the start-up scan.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            // Recency is best effort.
        }
    }

    private void Forget(string path, bool delete)
    {
        lock (_gate)
        {
            Unindex(path);
        }

        if (delete)
        {
            TryDelete(path);
        }
    }

    private void Index(string path, long bytes)
    {
        DropSmall(path);
        _index[path] = _lru.AddLast(new IndexEntry(path, bytes));
        _totalBytes += bytes;
    }

    private void Unindex(string path)
    {
        if (_index.Remove(path, out var node))
        {
            _lru.Remove(node);
            _totalBytes -= node.Value.Bytes;
        }

        DropSmall(path);
    }

    /// <summary>Largest payload kept in memory after a verified read.</summary>
    private const int SmallEntryBytes = 16 * 1024;

    /// <summary>Memory for small payloads, whatever the number of users.</summary>
    private const long SmallEntriesBudget = 32L * 1024 * 1024;

    private void KeepSmall(string path, byte[] payload)
    {
        lock (_gate)
        {
            if (!_index.ContainsKey(path))
            {
                return; // removed or evicted meanwhile
            }

            DropSmall(path);
            _small[path] = _smallLru.AddLast((path, payload));
            _smallBytes += payload.Length;
            while (_smallBytes > SmallEntriesBudget && _smallLru.First is { } oldest)
            {
                DropSmall(oldest.Value.Path);
            }
        }
    }

    private void DropSmall(string path)
    {
        if (_small.Remove(path, out var node))
        {
            _smallLru.Remove(node);
            _smallBytes -= node.Value.Payload.Length;
        }
    }

    private void EvictLocked()
    {
        while (_totalBytes > MaxSizeBytes && _lru.First is { } oldest)
        {
            Unindex(oldest.Value.Path);
            TryDelete(oldest.Value.Path);
            Interlocked.Increment(ref _evictions);
        }
    }

    private sealed record IndexEntry(string Path, long Bytes);
}
