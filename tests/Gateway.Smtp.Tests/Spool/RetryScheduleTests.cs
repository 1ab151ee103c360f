using Gateway.Core.Configuration;
using Gateway.Smtp.Spool;

namespace Gateway.Smtp.Tests.Spool;

public sealed class RetryScheduleTests
{
    [Fact]
    public void Defaults_AreLikePostfix()
    {
        var schedule = RetrySchedule.From(new SmtpOptions());

        Assert.Equal(TimeSpan.FromSeconds(300), schedule.DelayAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(600), schedule.DelayAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(1200), schedule.DelayAfter(3));
        Assert.Equal(TimeSpan.FromSeconds(2400), schedule.DelayAfter(4));
        Assert.Equal(TimeSpan.FromSeconds(4000), schedule.DelayAfter(5));
        Assert.Equal(TimeSpan.FromSeconds(4000), schedule.DelayAfter(1000));
        Assert.Equal(TimeSpan.FromDays(5), schedule.GiveUpAfter);
    }

    [Fact]
    public void DelayAfter_NeverDecreasesAndNeverExceedsMax()
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(77), TimeSpan.FromHours(1));
        var previous = TimeSpan.Zero;
        for (var attempt = 1; attempt < 100; attempt++)
        {
            var delay = schedule.DelayAfter(attempt);
            Assert.InRange(delay, previous, TimeSpan.FromSeconds(77));
            previous = delay;
        }
    }

    [Fact]
    public void HasExpired_AtTheGiveUpTime()
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromHours(120));
        var received = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.False(schedule.HasExpired(received, received.AddHours(119.99)));
        Assert.True(schedule.HasExpired(received, received.AddHours(120)));
    }

    [Fact]
    public void Constructor_MaxBelowFirst_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetrySchedule(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.Zero));
}
