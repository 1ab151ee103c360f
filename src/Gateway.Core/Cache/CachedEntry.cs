namespace Gateway.Core.Cache;

/// <summary>
/// A verified cache entry opened for reading: <see cref="Content"/> yields exactly <see cref="Length"/> bytes.
/// The checksum was verified before this object was handed out; the caller disposes it.
/// </summary>
public sealed class CachedEntry : IDisposable, IAsyncDisposable
{
    internal CachedEntry(Stream content, long length)
    {
        Content = content;
        Length = length;
    }

    public long Length { get; }

    public Stream Content { get; }

    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
