namespace Gateway.FreeBusy.Store;

/// <summary>A file found by a lookup: where its bytes are, and whether they came from the upstream (a temporary copy) or the local store.</summary>
internal sealed record LookupResult(string Name, string Path, long Length, DateTimeOffset Modified, bool FromUpstream) : IDisposable
{
    /// <summary>Deletes the temporary copy of an upstream file; the local copy is left alone.</summary>
    public void Dispose()
    {
        if (FromUpstream)
        {
            FreeBusyStore.TryDelete(Path);
        }
    }
}
