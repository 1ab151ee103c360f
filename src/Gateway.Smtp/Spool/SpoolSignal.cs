namespace Gateway.Smtp.Spool;

/// <summary>A wake-up call for the spool worker that is never lost: a signal during a scan ends the following wait at once.</summary>
internal sealed class SpoolSignal
{
    // _pending is replaced at the start of each scan and completed by Set.
    private TaskCompletionSource _pending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _pending).TrySetResult();

    /// <summary>Starts a new round; the returned task completes on the next <see cref="Set"/>.</summary>
    public Task Reset()
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pending, next);
        return next.Task;
    }
}
