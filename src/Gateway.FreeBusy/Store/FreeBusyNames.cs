using Gateway.Core.Configuration;

namespace Gateway.FreeBusy.Store;

/// <summary>Which free/busy file names exist and who may publish which.</summary>
internal static class FreeBusyNames
{
    /// <summary>The longest name before <c>.vfb</c>.</summary>
    public const int MaxStemLength = 64;

    public const string Extension = ".vfb";

    /// <summary>
    /// Whether <paramref name="fileName"/> is <c>&lt;name&gt;.vfb</c> with a name of ASCII letters, digits,
    /// <c>. _ + @ -</c>, starting with a letter or digit. Nothing else can ever become a local file.
    /// </summary>
    public static bool IsValidFileName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (!fileName.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var stem = fileName.AsSpan(0, fileName.Length - Extension.Length);
        if (stem.Length is 0 or > MaxStemLength || !char.IsAsciiLetterOrDigit(stem[0]))
        {
            return false;
        }

        foreach (var c in stem)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '+' or '@' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The name a valid file is stored and forwarded under: lower case, so that lookups match whatever case Outlook uses.</summary>
    public static string Normalize(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return fileName.ToLowerInvariant();
    }

    /// <summary>The file names <paramref name="login"/> may publish: the login, its local part, and its aliases, all lower case.</summary>
    public static IReadOnlySet<string> OwnFileNames(string login, FreeBusyAliases aliases)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(aliases);
        var names = new HashSet<string>(StringComparer.Ordinal) { login };
        var at = login.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            names.Add(login[..at]);
        }

        foreach (var alias in aliases.For(login))
        {
            names.Add(alias);
        }

        return names.Select(n => Normalize(n + Extension)).Where(IsValidFileName).ToHashSet(StringComparer.Ordinal);
    }
}
