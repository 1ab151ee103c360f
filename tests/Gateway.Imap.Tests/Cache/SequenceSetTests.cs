using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Imap.Cache;

namespace Gateway.Imap.Tests.Cache;

public sealed class SequenceSetTests
{
    private static SequenceSet Parse(string text)
    {
        Assert.True(SequenceSet.TryParse(text, out var set), text);
        return set;
    }

    [Theory]
    [InlineData("1:3,7,9:*", new long[] { 1, 2, 3, 7, 9, 10, 99999 }, new long[] { 4, 8 })]
    [InlineData("5:2", new long[] { 2, 3, 5 }, new long[] { 1, 6 })]
    // A lone "*" is "the largest number in use", unknown here: no cached number is taken to be in it.
    [InlineData("*", new long[] { long.MaxValue }, new long[] { 1, 1000 })]
    public void Contains(string text, long[] inside, long[] outside)
    {
        var set = Parse(text);
        Assert.All(inside, n => Assert.True(set.Contains(n)));
        Assert.All(outside, n => Assert.False(set.Contains(n)));
    }

    [Theory]
    [InlineData("1:*", new long[] { 3, 4 }, "1:2,5:*")]
    [InlineData("1:10", new long[] { 1, 10 }, "2:9")]
    [InlineData("1:3,7", new long[] { 1, 2, 3, 7 }, "")]
    [InlineData("4", new long[] { 9 }, "4")]
    public void Except(string text, long[] excluded, string expected) => Assert.Equal(expected, Parse(text).Except(excluded));

    [Fact]
    public void Formats_compactly() => Assert.Equal("1:3,7,9:10", SequenceSet.Format([9, 2, 1, 3, 7, 10, 2]));

    [Property]
    public bool Format_round_trips(PositiveInt[] numbers)
    {
        var values = numbers.Select(n => (long)(n.Get % 200) + 1).ToHashSet();
        if (values.Count == 0)
        {
            return SequenceSet.Format([]) == "";
        }

        var set = Parse(SequenceSet.Format(values));
        return Enumerable.Range(1, 210).All(n => set.Contains(n) == values.Contains(n));
    }

    [Property]
    public bool Except_removes_exactly_the_excluded(PositiveInt[] members, PositiveInt[] excluded, bool star)
    {
        var values = members.Select(n => (long)(n.Get % 100) + 1).ToList();
        if (values.Count == 0)
        {
            return true;
        }

        var text = SequenceSet.Format(values) + (star ? ",90:*" : "");
        var set = Parse(text);
        var gone = excluded.Select(n => (long)(n.Get % 120) + 1).ToList();
        var rest = set.Except(gone);
        var restSet = rest.Length == 0 ? null : Parse(rest);
        return Enumerable.Range(1, 130).All(n => (restSet?.Contains(n) ?? false) == (set.Contains(n) && !gone.Contains(n)));
    }
}
