namespace Gateway.IntegrationTests.Fixtures;

/// <summary>Names of the test collections; each shares one running server fixture.</summary>
public static class Collections
{
    public const string MailStack = "Dovecot + Postfix + vsftpd";
    public const string Cyrus = "Cyrus";
    public const string Courier = "Courier";
}
