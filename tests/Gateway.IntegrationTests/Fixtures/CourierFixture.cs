namespace Gateway.IntegrationTests.Fixtures;

/// <summary>Courier-IMAP: <c>INBOX.</c> prefix, <c>#shared.</c> other users.</summary>
public sealed class CourierFixture() : SingleServerFixture("courier");
