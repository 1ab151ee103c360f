namespace Gateway.IntegrationTests.Fixtures;

/// <summary>Cyrus IMAP: standard namespace, <c>INBOX.</c> and <c>.</c>.</summary>
public sealed class CyrusFixture() : SingleServerFixture("cyrus");
