using Gateway.Imap.Acl;

namespace Gateway.Imap.Tests.Acl;

public sealed class AclOwnerGuardTests
{
    private static AclRightsChange Set(string rights) => new(AclChangeMode.Replace, AclRights.Of(rights));

    private static AclRightsChange Add(string rights) => new(AclChangeMode.Add, AclRights.Of(rights));

    private static AclRightsChange Remove(string rights) => new(AclChangeMode.Remove, AclRights.Of(rights));

    private static string? Check(AclIdentifier target, AclRightsChange? change, IReadOnlyList<AclEntry>? acl = null) =>
        AclOwnerGuard.Check("alice", acl, target, change);

    [Fact]
    public void ReplacingTheOwnersRights_WithoutLookup_IsRefused_AndSaysWhy()
    {
        var text = Check(AclIdentifier.User("alice"), Set("rswi"));
        Assert.NotNull(text);
        Assert.StartsWith("[NOPERM] ", text, StringComparison.Ordinal);
        Assert.Contains("lookup (l) and administer (a)", text, StringComparison.Ordinal);
        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.Contains("Acl:AllowOwnerLockout", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lr", "administer (a) right")]
    [InlineData("ar", "lookup (l) right")]
    public void TakingOneVitalRight_NamesIt(string rights, string named) =>
        Assert.Contains(named, Check(AclIdentifier.User("alice"), Set(rights)), StringComparison.Ordinal);

    [Fact]
    public void DeletingTheOwnersEntry_IsRefused() => Assert.NotNull(Check(AclIdentifier.User("alice"), null));

    [Fact]
    public void CourierOwnerEntry_IsTheOwner() => Assert.NotNull(Check(AclIdentifier.Owner, Remove("a")));

    [Fact]
    public void NegativeRightsForTheOwner_OrAnyone_AreRefused()
    {
        Assert.NotNull(Check(AclIdentifier.User("alice", negative: true), Set("l")));
        Assert.NotNull(Check(AclIdentifier.Anyone with { Negative = true }, Add("a")));
        Assert.Null(Check(AclIdentifier.User("alice", negative: true), Set("w")));
    }

    [Theory]
    [InlineData("lrswipkxtea")]
    [InlineData("la")]
    public void KeepingLookupAndAdminister_IsAllowed(string rights) => Assert.Null(Check(AclIdentifier.User("alice"), Set(rights)));

    [Fact]
    public void AddingRights_IsAlwaysAllowed_SoAnAdminCanRestoreTheOwner()
    {
        Assert.Null(Check(AclIdentifier.User("alice"), Add("la")));
        Assert.Null(Check(AclIdentifier.Owner, Set("lrswipkxtea"), [new AclEntry(AclIdentifier.Owner, AclRights.Of("r"))]));
    }

    [Fact]
    public void OtherUsers_AreNeverTheOwnersBusiness()
    {
        Assert.Null(Check(AclIdentifier.User("bob"), null));
        Assert.Null(Check(AclIdentifier.User("bob"), Set("")));
        Assert.Null(Check(AclIdentifier.Anyone, null));
    }

    [Fact]
    public void NoOwner_NoProtection() => Assert.Null(AclOwnerGuard.Check(null, null, AclIdentifier.User("alice"), null));

    [Fact]
    public void WithTheAcl_AnotherEntryThatKeepsLookupAndAdminister_Allows()
    {
        // Courier: "owner" holds everything; deleting a separate "alice" entry changes nothing for the owner.
        // The guard treats alice and owner as one entry, so it needs anyone to keep l and a here.
        IReadOnlyList<AclEntry> acl =
        [
            new(AclIdentifier.Owner, AclRights.Of("lrswikxtea")),
            new(AclIdentifier.Anyone, AclRights.Of("la")),
        ];
        Assert.Null(Check(AclIdentifier.User("alice"), null, acl));
        Assert.NotNull(Check(AclIdentifier.User("alice"), null, [acl[0]]));
    }

    [Fact]
    public void WithTheAcl_RemovingAnyonesLookup_WhenTheOwnerHasNoOwnEntry_IsRefused()
    {
        IReadOnlyList<AclEntry> acl = [new(AclIdentifier.Anyone, AclRights.Of("lra")), new(AclIdentifier.User("bob"), AclRights.Of("lr"))];
        Assert.NotNull(Check(AclIdentifier.Anyone, Remove("l"), acl));
        Assert.Null(Check(AclIdentifier.Anyone, Remove("r"), acl));
    }

    [Fact]
    public void WithTheAcl_RightsAlreadyMissing_AreNotBlamedOnThisCommand()
    {
        IReadOnlyList<AclEntry> acl = [new(AclIdentifier.User("alice"), AclRights.Of("lr"))];
        Assert.Null(Check(AclIdentifier.User("alice"), Set("l"), acl));
    }

    [Fact]
    public void Effective_UnionOfPositives_MinusNegatives()
    {
        IReadOnlyList<AclEntry> acl =
        [
            new(AclIdentifier.User("alice"), AclRights.Of("lr")),
            new(AclIdentifier.Anyone, AclRights.Of("w")),
            new(new AclIdentifier(AclIdentifierKind.Group, "staff"), AclRights.Of("a")),
            new(AclIdentifier.User("alice", negative: true), AclRights.Of("r")),
        ];
        Assert.Equal("lw", AclOwnerGuard.Effective("alice", acl).ToString());
    }
}
