namespace Gateway.FreeBusy.Wire;

/// <summary>The FTP command verbs the server knows, named as in RFC 959, RFC 2389, RFC 2428 and RFC 3659.</summary>
internal static class FtpVerbs
{
    public const string User = "USER";
    public const string Pass = "PASS";
    public const string Acct = "ACCT";
    public const string Syst = "SYST";
    public const string Feat = "FEAT";
    public const string Opts = "OPTS";
    public const string Pwd = "PWD";
    public const string XPwd = "XPWD";
    public const string Cwd = "CWD";
    public const string XCwd = "XCWD";
    public const string Cdup = "CDUP";
    public const string XCup = "XCUP";
    public const string Type = "TYPE";
    public const string Mode = "MODE";
    public const string Stru = "STRU";
    public const string Pasv = "PASV";
    public const string Epsv = "EPSV";
    public const string Port = "PORT";
    public const string Eprt = "EPRT";
    public const string List = "LIST";
    public const string Nlst = "NLST";
    public const string Mlsd = "MLSD";
    public const string Mlst = "MLST";
    public const string Size = "SIZE";
    public const string Mdtm = "MDTM";
    public const string Retr = "RETR";
    public const string Stor = "STOR";
    public const string Dele = "DELE";
    public const string Noop = "NOOP";
    public const string Abor = "ABOR";
    public const string Quit = "QUIT";
    public const string Allo = "ALLO";
    public const string Help = "HELP";
    public const string Stat = "STAT";
    public const string Auth = "AUTH";

    /// <summary>RFC 959 and extension commands this server knows but does not offer: answered 502.</summary>
    public static readonly IReadOnlySet<string> NotImplemented = new HashSet<string>(StringComparer.Ordinal)
    {
        "REIN", "SMNT", "STOU", "APPE", "REST", "RNFR", "RNTO", "RMD", "XRMD", "MKD", "XMKD", "SITE",
        "ADAT", "PBSZ", "PROT", "CCC", "MIC", "CONF", "ENC", "LANG", "LPRT", "LPSV", "MFMT", "MFCT", "MFF",
        "HOST", "CLNT", "XCRC", "XMD5", "XSHA1", "AVBL", "SPSV", "DSIZ", "THMB", "XRCP", "XRSQ", "XSEM", "XSEN",
        "MAIL", "MLFL", "MRCP", "MRSQ", "MSAM", "MSND", "MSOM",
    };
}
