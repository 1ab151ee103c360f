namespace Gateway.Core.Configuration;

/// <summary>The upstream server's dialect; <see cref="Auto"/> detects it after login.</summary>
public enum ServerProfile
{
    Auto,
    Dovecot,
    Cyrus,
    Courier,
    ScoOfficeV1,
}
