using Gateway.Imap.Prefetch;

namespace Gateway.Imap.Tests.Prefetch;

/// <summary>The pure part of <see cref="PrefetchJob"/>; its I/O is tested end to end in <c>CachePrefetchTests</c>.</summary>
public sealed class PrefetchJobTests
{
    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("inbox", "INBOX")]
    [InlineData("Inbox.Sent", "INBOX.Sent")]
    [InlineData("inbox/Archive", "INBOX/Archive")]
    [InlineData("Inboxes", "Inboxes")]
    [InlineData("Sent", "Sent")]
    public void KeyName_SpellsInboxAsTheRelayDoes(string configured, string key) =>
        Assert.Equal(key, PrefetchJob.KeyName(configured));
}
