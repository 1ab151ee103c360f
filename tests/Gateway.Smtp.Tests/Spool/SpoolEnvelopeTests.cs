using System.Text;
using Gateway.Smtp.Spool;

namespace Gateway.Smtp.Tests.Spool;

public sealed class SpoolEnvelopeTests
{
    internal static readonly SpoolEnvelope Sample = new(
        "20250101120000000-0a1b2c3d",
        "alice",
        "alice@lab.test",
        [new SpoolRecipient("bob@lab.test"), new SpoolRecipient("nobody@lab.test", Failed: true, Reply: "550 5.1.1 <nobody@lab.test>: unknown")],
        new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero),
        51200,
        2,
        new DateTimeOffset(2025, 1, 1, 12, 15, 0, TimeSpan.Zero),
        "451 4.4.1 connection refused");

    [Fact]
    public void ToJson_ThenTryParse_RoundTrips()
    {
        Assert.True(SpoolEnvelope.TryParse(Sample.ToJson(), out var parsed, out var error), error);

        Assert.Equal(Sample with { Recipients = parsed.Recipients }, parsed);
        Assert.Equal(Sample.Recipients, parsed.Recipients);
        Assert.Equal(["bob@lab.test"], parsed.Pending.Select(r => r.Address));
    }

    [Fact]
    public void ToJson_IsReadableAndHasNoSecretFields()
    {
        var json = Encoding.UTF8.GetString(Sample.ToJson());

        Assert.Contains("\"sender\": \"alice@lab.test\"", json, StringComparison.Ordinal);
        Assert.Contains("\"version\": 1", json, StringComparison.Ordinal);
        Assert.DoesNotContain("password", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("pending", json, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"id\":\"x\"}")]
    public void TryParse_Damaged_FailsWithReason(string json)
    {
        Assert.False(SpoolEnvelope.TryParse(Encoding.UTF8.GetBytes(json), out var envelope, out var error));
        Assert.Null(envelope);
        Assert.StartsWith("not a valid envelope", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NewerVersion_IsRefused()
    {
        var json = Encoding.UTF8.GetString(Sample.ToJson()).Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal);

        Assert.False(SpoolEnvelope.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Contains("newer", error, StringComparison.Ordinal);
    }
}
