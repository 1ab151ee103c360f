namespace Gateway.IntegrationTests.FreeBusy;

/// <summary>How curl opens FTP data connections: passive EPSV or PASV, active EPRT or PORT.</summary>
public enum CurlMode
{
    Epsv,
    Pasv,
    Eprt,
    Port,
}
