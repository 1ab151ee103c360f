using Gateway.Pop3.Maildrop;

namespace Gateway.Pop3.Tests.Maildrop;

public sealed class Pop3MaildropTests
{
    private static Pop3Maildrop Sample() => new(77, [(30u, 300L), (10u, 100L), (20u, 200L)]);

    [Fact]
    public void Messages_AreNumberedInUidOrder()
    {
        var maildrop = Sample();
        Assert.Equal(3, maildrop.Count);
        Assert.Equal([10u, 20u, 30u], Enumerable.Range(1, 3).Select(maildrop.Uid));
        Assert.Equal([100L, 200L, 300L], Enumerable.Range(1, 3).Select(maildrop.Size));
        Assert.Equal("0000000a0000004d", maildrop.Uidl(1));
    }

    [Fact]
    public void Delete_MarksAndHidesFromTotals_AndResetUndoes()
    {
        var maildrop = Sample();
        Assert.True(maildrop.Delete(2));
        Assert.False(maildrop.Delete(2));
        Assert.True(maildrop.IsDeleted(2));
        Assert.False(maildrop.IsAvailable(2));
        Assert.Equal(2, maildrop.Remaining);
        Assert.Equal(400, maildrop.RemainingOctets);
        Assert.True(maildrop.Delete(3));
        Assert.Equal([20u, 30u], maildrop.DeletedUids);
        Assert.Equal(3, maildrop.Count);

        maildrop.Reset();
        Assert.Empty(maildrop.DeletedUids);
        Assert.Equal(600, maildrop.RemainingOctets);
        Assert.True(maildrop.IsAvailable(2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public void NumbersOutsideTheMaildrop_AreNotAvailable(int number)
    {
        var maildrop = Sample();
        Assert.False(maildrop.IsAvailable(number));
        Assert.False(maildrop.IsDeleted(number));
        Assert.False(maildrop.Delete(number));
    }

    [Fact]
    public void SizeMemo_RemembersPerUserMailboxAndUid()
    {
        var memo = new Pop3SizeMemo();
        memo.Remember("alice", "INBOX", 7, 3, 1234);
        Assert.True(memo.TryGet("alice", "INBOX", 7, 3, out var size));
        Assert.Equal(1234, size);
        Assert.False(memo.TryGet("alice", "INBOX", 8, 3, out _));
        Assert.False(memo.TryGet("bob", "INBOX", 7, 3, out _));
    }
}
