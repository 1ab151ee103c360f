using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Imap.Cache;

namespace Gateway.Imap.Tests.Cache;

public sealed class MessageNumbersTests
{
    [Fact]
    public void Consecutive_numbers_with_consecutive_uids_form_one_run()
    {
        var numbers = new MessageNumbers();
        for (var n = 1; n <= 1000; n++)
        {
            numbers.Learn(n, n + 100);
        }

        Assert.Equal(1, numbers.RunCount);
        Assert.True(numbers.TryGetNumber(600, out var number));
        Assert.Equal(500, number);
        Assert.True(numbers.TryGetUid(1000, out var uid));
        Assert.Equal(1100, uid);
        Assert.False(numbers.TryGetNumber(100, out _));
        Assert.False(numbers.TryGetNumber(1101, out _));
        Assert.False(numbers.TryGetUid(1001, out _));
    }

    [Fact]
    public void Learning_out_of_order_joins_runs_from_both_sides()
    {
        var numbers = new MessageNumbers();
        numbers.Learn(3, 30);
        numbers.Learn(1, 28);
        Assert.Equal(2, numbers.RunCount);
        numbers.Learn(2, 29);
        Assert.Equal(1, numbers.RunCount);
        Assert.True(numbers.TryGetNumber(28, out var first));
        Assert.Equal(1, first);
    }

    [Fact]
    public void Expunge_in_the_middle_renumbers_every_later_message()
    {
        var numbers = new MessageNumbers();
        for (var n = 1; n <= 10; n++)
        {
            numbers.Learn(n, n * 2);
        }

        numbers.Expunge(4); // UID 8 goes
        Assert.False(numbers.TryGetNumber(8, out _));
        Assert.True(numbers.TryGetNumber(6, out var before));
        Assert.Equal(3, before);
        Assert.True(numbers.TryGetNumber(10, out var after));
        Assert.Equal(4, after);
        Assert.True(numbers.TryGetUid(9, out var last));
        Assert.Equal(20, last);
        Assert.False(numbers.TryGetUid(10, out _));
    }

    [Fact]
    public void Expunge_of_an_unknown_number_still_moves_the_known_ones_after_it()
    {
        var numbers = new MessageNumbers();
        numbers.Learn(10, 50);
        numbers.Expunge(3);
        Assert.True(numbers.TryGetNumber(50, out var number));
        Assert.Equal(9, number);
        numbers.Expunge(11);
        Assert.True(numbers.TryGetNumber(50, out number));
        Assert.Equal(9, number);
    }

    [Fact]
    public void A_number_learned_with_another_uid_forgets_everything()
    {
        var numbers = new MessageNumbers();
        numbers.Learn(1, 5);
        numbers.Learn(2, 6);
        numbers.Learn(2, 7);
        Assert.Equal(0, numbers.RunCount);
        Assert.False(numbers.TryGetNumber(5, out _));
    }

    [Fact]
    public void Uids_out_of_order_forget_everything()
    {
        var numbers = new MessageNumbers();
        numbers.Learn(5, 50);
        numbers.Learn(7, 49);
        Assert.Equal(0, numbers.RunCount);
        numbers.Learn(5, 50);
        numbers.Learn(3, 50);
        Assert.Equal(0, numbers.RunCount);
    }

    [Fact]
    public void Clear_forgets_everything()
    {
        var numbers = new MessageNumbers();
        numbers.Learn(1, 1);
        numbers.Clear();
        Assert.False(numbers.TryGetUid(1, out _));
    }

    [Fact]
    public void A_mailbox_full_of_gaps_is_dropped_rather_than_grown_without_bound()
    {
        var numbers = new MessageNumbers();
        for (var n = 1; n <= 5000; n++)
        {
            numbers.Learn(n, n * 2);
        }

        Assert.True(numbers.RunCount <= 4096);
    }

    /// <summary>
    /// Against a model that holds every message's UID (known or not): after any sequence of learning true pairs and
    /// expunges, every answer the map gives is the model's.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Answers_agree_with_a_full_model(PositiveInt size, int[] operations)
    {
        var count = (size.Get % 200) + 1;
        // UIDs ascend in runs of five with gaps between, so runs both join and split.
        var model = Enumerable.Range(1, count).Select(i => (Uid: (long)i + (i / 5 * 3), Known: false)).ToList();
        var expunged = new List<long>();
        var numbers = new MessageNumbers();
        foreach (var operation in operations ?? [])
        {
            if (model.Count == 0)
            {
                break;
            }

            var index = Math.Abs(operation % model.Count);
            if (operation % 5 == 0)
            {
                numbers.Expunge(index + 1);
                expunged.Add(model[index].Uid);
                model.RemoveAt(index);
            }
            else
            {
                numbers.Learn(index + 1, model[index].Uid);
                model[index] = model[index] with { Known = true };
            }
        }

        for (var i = 0; i < model.Count; i++)
        {
            if (numbers.TryGetUid(i + 1, out var uid) && uid != model[i].Uid)
            {
                return false;
            }

            if (numbers.TryGetNumber(model[i].Uid, out var number) && number != i + 1)
            {
                return false;
            }

            if (model[i].Known != numbers.TryGetUid(i + 1, out _))
            {
                return false;
            }
        }

        // Nothing is answered for a UID the mailbox no longer has, nor past its end.
        return !expunged.Any(uid => numbers.TryGetNumber(uid, out _)) && !numbers.TryGetUid(model.Count + 1, out _);
    }
}
