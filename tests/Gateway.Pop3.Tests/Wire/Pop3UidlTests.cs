using Gateway.Pop3.Wire;

namespace Gateway.Pop3.Tests.Wire;

public sealed class Pop3UidlTests
{
    [Theory]
    [InlineData(0x1234u, 5u, "0000000500001234")]
    [InlineData(1u, 1u, "0000000100000001")]
    [InlineData(uint.MaxValue, uint.MaxValue, "ffffffffffffffff")]
    [InlineData(1700000000u, 42u, "0000002a6553f100")]
    public void Format_IsUidThenUidValidityInLowerHex(uint uidValidity, uint uid, string expected) =>
        Assert.Equal(expected, Pop3Uidl.Format(uidValidity, uid));

    [FsCheck.Xunit.Property]
    public bool Format_IsValidPerRfc1939_AndDistinguishesEveryPair(uint v1, uint u1, uint v2, uint u2)
    {
        var a = Pop3Uidl.Format(v1, u1);
        var b = Pop3Uidl.Format(v2, u2);
        var valid = a.Length is >= 1 and <= 70 && a.All(c => c is >= '\x21' and <= '\x7e');
        return valid && (a == b) == (v1 == v2 && u1 == u2) && Pop3Uidl.Format(v1, u1) == Pop3Uidl.Format(v1, u1);
    }
}
