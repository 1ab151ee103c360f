using System.Globalization;

namespace Gateway.FreeBusy.Session;

/// <summary>Formats directory entries for LIST (Unix <c>ls -l</c> style, which curl, browsers and Outlook parse) and MLSD/MLST (RFC 3659 §7).</summary>
internal static class FtpListing
{
    /// <summary>One LIST line, e.g. <c>-rw-r--r--    1 ftp      ftp           274 Nov 26 23:24 alice.vfb</c>.</summary>
    public static string ListLine(string name, bool directory, long size, DateTimeOffset modified, DateTimeOffset now)
    {
        var recent = modified > now.AddDays(-180) && modified <= now.AddDays(1);
        var date = modified.UtcDateTime.ToString(recent ? "MMM dd HH:mm" : "MMM dd  yyyy", CultureInfo.InvariantCulture);
        var mode = directory ? "drwxr-xr-x" : "-rw-r--r--";
        return string.Create(CultureInfo.InvariantCulture, $"{mode}    1 ftp      ftp      {size,12} {date} {name}");
    }

    /// <summary>One MLSD/MLST fact line: <c>type=file;size=274;modify=20261126232400;perm=r; alice.vfb</c>.</summary>
    public static string Facts(string name, string type, long? size, DateTimeOffset modified, string perm)
    {
        var sizeFact = size is { } s ? string.Create(CultureInfo.InvariantCulture, $"size={s};") : "";
        return $"type={type};{sizeFact}modify={Timestamp(modified)};perm={perm}; {name}";
    }

    /// <summary>An RFC 3659 time-val: <c>YYYYMMDDHHMMSS</c> in UTC.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
