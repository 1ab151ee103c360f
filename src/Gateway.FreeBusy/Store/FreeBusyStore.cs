namespace Gateway.FreeBusy.Store;

/// <summary>
/// The local copies of published free/busy files under <c>FreeBusy:Path</c>: <c>files/</c> holds one
/// file per normalised name, <c>tmp/</c> uploads and lookups in progress.
/// </summary>
/// <remarks>
/// A copy is replaced only by <see cref="CommitAsync"/>: written to <c>tmp/</c>, flushed to disk, then renamed
/// over the old one, so a reader sees the old file or the new one, never a part.
/// </remarks>
internal sealed class FreeBusyStore
{
    public FreeBusyStore(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = root;
        FilesDirectory = Path.Combine(root, "files");
        TempDirectory = Path.Combine(root, "tmp");
        Directory.CreateDirectory(FilesDirectory);
        Directory.CreateDirectory(TempDirectory);
        foreach (var stale in Directory.EnumerateFiles(TempDirectory))
        {
            TryDelete(stale);
        }
    }

    public string Root { get; }

    public string FilesDirectory { get; }

    public string TempDirectory { get; }

    /// <summary>Creates an empty temporary file for an upload or a lookup; the caller deletes or commits it.</summary>
    public FileStream CreateTemp(out string path)
    {
        path = Path.Combine(TempDirectory, $"{Guid.NewGuid():N}.part");
        return new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read | FileShare.Delete,
            Options = FileOptions.Asynchronous,
        });
    }

    /// <summary>Makes the flushed temporary file <paramref name="tempPath"/> the copy of <paramref name="name"/>, replacing any old one.</summary>
    public Task CommitAsync(string tempPath, string name)
    {
        ArgumentNullException.ThrowIfNull(tempPath);
        File.Move(tempPath, PathOf(name), overwrite: true);
        return Task.CompletedTask;
    }

    /// <summary>The local copy of <paramref name="name"/>, or null.</summary>
    public FileInfo? TryGet(string name)
    {
        var file = new FileInfo(PathOf(name));
        return file.Exists ? file : null;
    }

    /// <summary>Every local copy, by name.</summary>
    public IReadOnlyList<FileInfo> List() =>
        [.. new DirectoryInfo(FilesDirectory).EnumerateFiles("*" + FreeBusyNames.Extension)
            .Where(f => FreeBusyNames.IsValidFileName(f.Name))
            .OrderBy(f => f.Name, StringComparer.Ordinal)];

    /// <summary>Deletes the local copy of <paramref name="name"/>; false when there was none.</summary>
    public bool Delete(string name)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is removed at the next start.
        }
    }

    private string PathOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!FreeBusyNames.IsValidFileName(name) || name != FreeBusyNames.Normalize(name))
        {
            throw new ArgumentException($"not a normalised free/busy file name: '{name}'", nameof(name));
        }

        return Path.Combine(FilesDirectory, name);
    }
}
