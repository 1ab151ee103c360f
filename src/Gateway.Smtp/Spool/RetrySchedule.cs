using Gateway.Core.Configuration;

namespace Gateway.Smtp.Spool;

/// <summary>When the spool tries a message again, and when it gives up (Postfix's model: doubling backoff, bounded, 5 days).</summary>
public sealed class RetrySchedule
{
    /// <summary>Creates the schedule of <c>Smtp:RetryFirstSeconds</c>, <c>RetryMaxSeconds</c> and <c>GiveUpHours</c>.</summary>
    public RetrySchedule(TimeSpan first, TimeSpan max, TimeSpan giveUpAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, first);
        First = first;
        Max = max;
        GiveUpAfter = giveUpAfter;
    }

    public TimeSpan First { get; }

    public TimeSpan Max { get; }

    public TimeSpan GiveUpAfter { get; }

    public static RetrySchedule From(SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RetrySchedule(
            TimeSpan.FromSeconds(options.RetryFirstSeconds), TimeSpan.FromSeconds(options.RetryMaxSeconds), TimeSpan.FromHours(options.GiveUpHours));
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt (1 → <see cref="First"/>, then doubling up to <see cref="Max"/>).</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var doublings = Math.Min(attempts - 1, 40);
        var ticks = First.Ticks * Math.Pow(2, doublings);
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Whether a message received at <paramref name="received"/> has waited long enough to be returned.</summary>
    public bool HasExpired(DateTimeOffset received, DateTimeOffset now) => now - received >= GiveUpAfter;
}
