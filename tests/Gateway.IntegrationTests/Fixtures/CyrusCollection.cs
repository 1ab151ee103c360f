namespace Gateway.IntegrationTests.Fixtures;

[CollectionDefinition(Collections.Cyrus)]
public sealed class CyrusCollection : ICollectionFixture<CyrusFixture>;
