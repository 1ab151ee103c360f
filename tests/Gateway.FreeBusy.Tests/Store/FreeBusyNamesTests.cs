using Gateway.Core.Configuration;
using Gateway.FreeBusy.Store;

namespace Gateway.FreeBusy.Tests.Store;

public sealed class FreeBusyNamesTests
{
    [Theory]
    [InlineData("alice.vfb", true)]
    [InlineData("Alice.VFB", true)]
    [InlineData("john.smith-2_x+y@lab.vfb", true)]
    [InlineData(".vfb", false)]
    [InlineData(".alice.vfb", false)]
    [InlineData("-alice.vfb", false)]
    [InlineData("alice.ifb", false)]
    [InlineData("alice", false)]
    [InlineData("al ice.vfb", false)]
    [InlineData("al%69ce.vfb", false)]
    [InlineData("ali\u00e7e.vfb", false)]
    [InlineData("a/b.vfb", false)]
    [InlineData("a\\b.vfb", false)]
    public void IsValidFileName(string name, bool valid) => Assert.Equal(valid, FreeBusyNames.IsValidFileName(name));

    [Fact]
    public void IsValidFileName_LimitsTheLength()
    {
        Assert.True(FreeBusyNames.IsValidFileName(new string('a', FreeBusyNames.MaxStemLength) + ".vfb"));
        Assert.False(FreeBusyNames.IsValidFileName(new string('a', FreeBusyNames.MaxStemLength + 1) + ".vfb"));
    }

    [Fact]
    public void OwnFileNames_AreTheLoginItsLocalPartAndItsAliases_InLowerCase()
    {
        var aliases = new FreeBusyAliases(new Dictionary<string, IReadOnlyList<string>> { ["Alice@Lab.test"] = ["asmith", "Alice.Smith"] });
        Assert.Equal(
            ["alice.smith.vfb", "alice.vfb", "alice@lab.test.vfb", "asmith.vfb"],
            FreeBusyNames.OwnFileNames("Alice@Lab.test", aliases).Order(StringComparer.Ordinal));
        Assert.Equal(["bob.vfb"], FreeBusyNames.OwnFileNames("bob", aliases));
    }
}
