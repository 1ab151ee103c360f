namespace Gateway.Imap.Cache;

/// <summary>One item of a <c>* n FETCH (…)</c> response.</summary>
/// <param name="Name">Upper-case item name as answered: <c>FLAGS</c>, <c>UID</c>, <c>BODY[HEADER]</c>, <c>BODY[]&lt;0&gt;</c>.</param>
/// <param name="Raw">The exact bytes <c>name SP value</c> as the server sent them (literals included).</param>
internal sealed record FetchResponseItem(string Name, ReadOnlyMemory<byte> Raw)
{
    /// <summary>The value part of <see cref="Raw"/>.</summary>
    public ReadOnlySpan<byte> Value => Raw.Span[(Raw.Span.IndexOf((byte)' ') + 1)..];
}
