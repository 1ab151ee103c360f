namespace Gateway.FreeBusy.Store;

/// <summary>One queued forward, as stored in <c>queue/&lt;Id&gt;.job</c>; its content, for a put, is in <c>queue/&lt;Id&gt;.vfb</c>.</summary>
/// <param name="Id">Unique id, also the file name.</param>
/// <param name="Name">The normalised file name, e.g. <c>alice.vfb</c>.</param>
/// <param name="Owner">The login that published it; the forward logs in upstream as this user unless a service account is set.</param>
/// <param name="Action">Put or delete.</param>
/// <param name="Created">When it was accepted.</param>
/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="NextAttempt">When to try next.</param>
/// <param name="LastError">Why the last attempt failed.</param>
internal sealed record ForwardJob(
    string Id, string Name, string Owner, ForwardAction Action, DateTimeOffset Created, int Attempts, DateTimeOffset NextAttempt, string? LastError);
