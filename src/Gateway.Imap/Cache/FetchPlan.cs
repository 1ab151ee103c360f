namespace Gateway.Imap.Cache;

/// <summary>
/// What the relay sends upstream for one client FETCH, in this order (each without tag and CRLF; the relay adds an
/// internal tag and waits for its tagged OK before the next):
/// <see cref="SeenCommand"/>, <see cref="HitCommand"/>, <see cref="MissCommand"/>. Null means "not needed".
/// </summary>
/// <param name="Hits">UIDs (UID FETCH) or sequence numbers (FETCH) answered from the cache.</param>
/// <param name="SeenCommand"><c>[UID] STORE hits +FLAGS (\Seen)</c>: keeps the side effect of a non-PEEK body fetch; its
/// untagged FETCH (FLAGS …) answers replace the FLAGS of those messages.</param>
/// <param name="HitCommand"><c>UID FETCH hits (UID mutable-items)</c>; the answers are merged with the cached items.</param>
/// <param name="MissCommand">The client's own item list for every other message: its answers go to the client as they are
/// (tee the cacheable items into the store). The relay drops an answer whose UID is among <paramref name="Hits"/>: a
/// remainder <c>n:*</c> can resolve to the highest UID, which may be a hit.</param>
internal sealed record FetchPlan(IReadOnlyList<long> Hits, string? SeenCommand, string? HitCommand, string? MissCommand);
