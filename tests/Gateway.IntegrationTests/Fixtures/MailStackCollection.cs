namespace Gateway.IntegrationTests.Fixtures;

[CollectionDefinition(Collections.MailStack)]
public sealed class MailStackCollection : ICollectionFixture<MailStackFixture>;
