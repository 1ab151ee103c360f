using System.Globalization;
using System.Text;

namespace Gateway.Imap.Cache;

/// <summary>
/// Parses a client's <c>[UID] FETCH</c> command line into a <see cref="FetchRequest"/>. Pure; returns false for
/// anything it does not fully understand, and the relay then passes the command through unchanged.
/// </summary>
/// <remarks>
/// <c>fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
/// [fetch-modifiers]</c> (RFC 9051 §9, RFC 7162 §3.1.4).
/// </remarks>
internal static class FetchCommandParser
{
    private static readonly string[] CacheableNames = ["RFC822", "RFC822.HEADER", "RFC822.TEXT", "RFC822.SIZE", "INTERNALDATE", "ENVELOPE", "BODYSTRUCTURE", "BODY"];

    public static bool TryParse(ReadOnlySpan<byte> line, out FetchRequest request)
    {
        request = null!;
        if (line.EndsWith("\r\n"u8))
        {
            line = line[..^2];
        }

        if (line.IndexOfAny((byte)'\r', (byte)'\n') >= 0 || line.IndexOf((byte)'{') >= 0)
        {
            return false; // literals are not expected in FETCH; leave such a command alone
        }

        var text = Encoding.UTF8.GetString(line);
        var parts = text.Split(' ', 4);
        if (parts.Length < 4)
        {
            return false;
        }

        var isUid = parts[1].Equals("UID", StringComparison.OrdinalIgnoreCase);
        if (isUid)
        {
            parts = text.Split(' ', 5);
            if (parts.Length < 5)
            {
                return false;
            }

            parts = [parts[0], parts[2], parts[3], parts[4]];
        }

        if (!parts[1].Equals("FETCH", StringComparison.OrdinalIgnoreCase) || !SequenceSet.TryParse(parts[2], out var set))
        {
            return false;
        }

        var rest = parts[3];
        if (!TrySplitItems(rest, out var itemListText, out var modifiers) || !TryParseItems(itemListText, out var items))
        {
            return false;
        }

        request = new FetchRequest(parts[0], isUid, set, parts[2], items, itemListText, modifiers);
        return true;
    }

    /// <summary>Parses one item such as <c>BODY.PEEK[1.2.MIME]&lt;0.512&gt;</c>.</summary>
    public static bool TryParseItem(string text, out FetchItem item)
    {
        item = null!;
        var i = 0;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '-' or '_'))
        {
            i++;
        }

        if (i == 0)
        {
            return false;
        }

        var name = text[..i].ToUpperInvariant();
        string? section = null;
        (long, long)? partial = null;
        if (i < text.Length && text[i] == '[')
        {
            var close = FindSectionEnd(text, i);
            if (close < 0)
            {
                return false;
            }

            section = Normalize(text[(i + 1)..close]);
            i = close + 1;
            if (i < text.Length && text[i] == '<')
            {
                var end = text.IndexOf('>', i);
                if (end < 0 || !TryPartial(text[(i + 1)..end], out var p))
                {
                    return false;
                }

                partial = p;
                i = end + 1;
            }
        }

        if (i != text.Length)
        {
            return false;
        }

        string? cacheKey = null;
        var setsSeen = false;
        if (section is not null)
        {
            if (name is not ("BODY" or "BODY.PEEK" or "BINARY" or "BINARY.PEEK" or "BINARY.SIZE"))
            {
                return false;
            }

            if (name is "BODY" or "BODY.PEEK")
            {
                cacheKey = $"BODY[{section}]{(partial is { } p ? $"<{p.Item1}.{p.Item2}>" : "")}";
            }

            setsSeen = name is "BODY" or "BINARY";
        }
        else if (CacheableNames.Contains(name))
        {
            cacheKey = name;
            setsSeen = name is "RFC822" or "RFC822.TEXT";
        }

        item = new FetchItem(text, name, section, partial, cacheKey, setsSeen);
        return true;
    }

    private static bool TrySplitItems(string rest, out string items, out string modifiers)
    {
        items = rest;
        modifiers = "";
        int end;
        if (rest.StartsWith('('))
        {
            end = FindListEnd(rest, 0);
            if (end < 0)
            {
                return false;
            }

            end++;
        }
        else
        {
            // One item; a section may contain spaces ("BODY[HEADER.FIELDS (A B)]").
            var bracket = rest.IndexOf('[', StringComparison.Ordinal);
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            if (bracket >= 0 && (space < 0 || bracket < space))
            {
                end = FindSectionEnd(rest, bracket);
                if (end < 0)
                {
                    return false;
                }

                var after = rest.IndexOf(' ', end);
                end = after < 0 ? rest.Length : after;
            }
            else
            {
                end = space < 0 ? rest.Length : space;
            }
        }

        items = rest[..end];
        if (end < rest.Length)
        {
            if (rest[end] != ' ')
            {
                return false;
            }

            modifiers = rest[(end + 1)..];
            if (!modifiers.StartsWith('(') || FindListEnd(modifiers, 0) != modifiers.Length - 1)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseItems(string list, out IReadOnlyList<FetchItem> items)
    {
        var result = new List<FetchItem>();
        items = result;
        string[] macro = list.ToUpperInvariant() switch
        {
            "ALL" => ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"],
            "FAST" => ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
            "FULL" => ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"],
            _ => [],
        };
        if (macro.Length > 0)
        {
            result.AddRange(macro.Select(m => TryParseItem(m, out var item) ? item : throw new InvalidOperationException(m)));
            return true;
        }

        var inner = list;
        if (list.StartsWith('('))
        {
            inner = list[1..^1];
        }

        var i = 0;
        while (i < inner.Length)
        {
            var start = i;
            while (i < inner.Length && inner[i] != ' ')
            {
                if (inner[i] == '[')
                {
                    i = FindSectionEnd(inner, i);
                    if (i < 0)
                    {
                        return false;
                    }
                }

                i++;
            }

            if (!TryParseItem(inner[start..i], out var item))
            {
                return false;
            }

            result.Add(item);
            if (i < inner.Length)
            {
                i++;
                if (i == inner.Length)
                {
                    return false;
                }
            }
        }

        return result.Count > 0;
    }

    // Index of the "]" closing the "[" at open, skipping parenthesised lists and quoted strings; -1 if none.
    private static int FindSectionEnd(string text, int open)
    {
        var quoted = false;
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ']')
            {
                return i;
            }
            else if (c is '[')
            {
                return -1;
            }
        }

        return -1;
    }

    private static int FindListEnd(string text, int open)
    {
        var depth = 0;
        var quoted = false;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"': quoted = true; break;
                case '[':
                    i = FindSectionEnd(text, i);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case '(': depth++; break;
                case ')':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    private static bool TryPartial(string text, out (long, long) partial)
    {
        partial = default;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out partial.Item1)
            && long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out partial.Item2)
            && partial.Item2 > 0;
    }

    // Sections compare case-insensitively; header field names keep their order, spaces collapse.
    private static string Normalize(string section) => string.Join(' ', section.ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
