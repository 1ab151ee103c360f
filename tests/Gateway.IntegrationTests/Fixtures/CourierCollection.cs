namespace Gateway.IntegrationTests.Fixtures;

[CollectionDefinition(Collections.Courier)]
public sealed class CourierCollection : ICollectionFixture<CourierFixture>;
