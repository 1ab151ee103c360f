namespace Gateway.FreeBusy.Session;

/// <summary>
/// Resolves FTP path arguments in the gateway's fixed virtual tree <c>/</c>, <c>/pub</c>,
/// <c>/pub/calendar</c>, <c>/pub/calendar/&lt;name&gt;.vfb</c>. Pure; nothing here touches the file system.
/// </summary>
/// <remarks>
/// Refused outright (never resolved): <c>..</c> segments, backslashes, drive letters and stream names
/// (<c>:</c>), <c>%</c> (percent-encoded forms such as <c>%2e%2e%2f</c>), <c>~</c>, control characters and
/// anything outside printable ASCII (overlong or look-alike encodings of <c>.</c> and <c>/</c> such as
/// U+FF0E, U+2215). A path that passes is made of plain segments only, so it cannot leave the tree.
/// </remarks>
internal static class FtpPath
{
    public const string Root = "/";
    public const string Pub = "/pub";
    public const string Calendar = "/pub/calendar";

    private const int MaxLength = 512;

    /// <summary>Resolves <paramref name="argument"/> against the working directory <paramref name="cwd"/>.</summary>
    public static FtpPathResult Resolve(string cwd, string argument)
    {
        ArgumentNullException.ThrowIfNull(cwd);
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Length > MaxLength)
        {
            return FtpPathResult.Refused("path too long");
        }

        foreach (var c in argument)
        {
            if (c is '\\' or '%' or ':' or '~' || c < '!' || c > '~')
            {
                return FtpPathResult.Refused(c switch
                {
                    '\\' => "backslashes are not allowed in paths",
                    '%' => "percent-encoded paths are not allowed",
                    ':' => "drive letters and ':' are not allowed in paths",
                    '~' => "'~' is not allowed in paths",
                    _ => "only printable ASCII without spaces is allowed in paths",
                });
            }
        }

        var segments = new List<string>();
        if (!argument.StartsWith('/'))
        {
            segments.AddRange(cwd.Split('/', StringSplitOptions.RemoveEmptyEntries));
        }

        foreach (var segment in argument.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    continue;
                case "..":
                    return FtpPathResult.Refused("'..' is not allowed in paths");
                default:
                    if (segment.StartsWith('.') || segment.All(c => c == '.'))
                    {
                        return FtpPathResult.Refused("names starting with '.' are not allowed");
                    }

                    segments.Add(segment);
                    break;
            }
        }

        var path = "/" + string.Join('/', segments);
        switch (segments.Count)
        {
            case 0:
                return new FtpPathResult(FtpPathKind.Directory, Root, null, null);
            case 1 when segments[0] == "pub":
                return new FtpPathResult(FtpPathKind.Directory, Pub, null, null);
            case 2 when segments[0] == "pub" && segments[1] == "calendar":
                return new FtpPathResult(FtpPathKind.Directory, Calendar, null, null);
            case 3 when segments[0] == "pub" && segments[1] == "calendar":
                return new FtpPathResult(FtpPathKind.CalendarFile, path, segments[2], null);
            default:
                return new FtpPathResult(FtpPathKind.Outside, path, segments[^1], null);
        }
    }

    /// <summary>The parent of a directory of the tree (<c>/</c> stays <c>/</c>).</summary>
    public static string Parent(string directory) => directory switch
    {
        Calendar => Pub,
        _ => Root,
    };

    /// <summary>The entries of a directory of the tree other than the calendar folder.</summary>
    public static IReadOnlyList<string> FixedEntries(string directory) => directory switch
    {
        Root => ["pub"],
        Pub => ["calendar"],
        _ => [],
    };
}
