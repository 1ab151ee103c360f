using System.Diagnostics.CodeAnalysis;
using Gateway.Imap.Wire;

namespace Gateway.Imap.Hierarchy;

/// <summary>A parsed <c>* NAMESPACE</c> response (RFC 2342 §5): personal, other users' and shared namespaces, prefixes decoded.</summary>
/// <remarks>A namespace whose delimiter is NIL (a flat namespace) is kept with delimiter <c>'\0'</c>.</remarks>
internal sealed record NamespaceResponse(IReadOnlyList<ServerNamespace> Personal, IReadOnlyList<ServerNamespace> OtherUsers, IReadOnlyList<ServerNamespace> Shared)
{
    // Namespace_Response = "*" SP "NAMESPACE" SP Namespace SP Namespace SP Namespace
    // Namespace = nil / "(" 1*( "(" string SP (<"> QUOTED_CHAR <"> / nil) *(Namespace_Response_Extension) ")" ) ")"
    // Namespace_Response_Extension = SP string SP "(" string *(SP string) ")"        (RFC 2342 §5)

    /// <summary>Parses the untagged NAMESPACE response in <paramref name="line"/>; false with a reason when it is malformed.</summary>
    public static bool TryParse(ImapLine line, [NotNullWhen(true)] out NamespaceResponse? response, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        response = null;
        if (line.Kind != ImapLineKind.Untagged || !line.IsAtom(1, "NAMESPACE"u8))
        {
            error = "not an untagged NAMESPACE response";
            return false;
        }

        var index = 2;
        var groups = new List<ServerNamespace>[3];
        for (var g = 0; g < 3; g++)
        {
            if (!TryParseGroup(line, ref index, out groups[g]!, out error))
            {
                error = $"namespace group {g + 1}: {error}";
                return false;
            }
        }

        if (index != line.Count)
        {
            error = "unexpected tokens after the third namespace group";
            return false;
        }

        response = new NamespaceResponse(groups[0], groups[1], groups[2]);
        error = null;
        return true;
    }

    private static bool TryParseGroup(ImapLine line, ref int index, out List<ServerNamespace> group, [NotNullWhen(false)] out string? error)
    {
        group = [];
        if (index >= line.Count)
        {
            error = "missing";
            return false;
        }

        if (line[index].Kind == ImapTokenKind.Nil)
        {
            index++;
            error = null;
            return true;
        }

        if (line[index].Kind != ImapTokenKind.ListOpen)
        {
            error = "expected NIL or '('";
            return false;
        }

        index++;
        while (index < line.Count && line[index].Kind == ImapTokenKind.ListOpen)
        {
            index++;
            if (index + 1 >= line.Count || !IsString(line[index].Kind))
            {
                error = "expected a prefix string";
                return false;
            }

            var prefix = ModifiedUtf7.DecodeLenient(line.GetString(index));
            index++;
            char delimiter;
            if (line[index].Kind == ImapTokenKind.Nil)
            {
                delimiter = '\0';
            }
            else if (IsString(line[index].Kind) && line.GetValueLength(index) == 1)
            {
                delimiter = line.GetString(index)[0];
            }
            else
            {
                error = "expected a one-character delimiter or NIL";
                return false;
            }

            index++;
            var depth = 0;
            while (index < line.Count && (depth > 0 || line[index].Kind != ImapTokenKind.ListClose))
            {
                depth += line[index].Kind switch { ImapTokenKind.ListOpen => 1, ImapTokenKind.ListClose => -1, _ => 0 };
                index++;
            }

            if (index >= line.Count)
            {
                error = "unterminated namespace entry";
                return false;
            }

            index++;
            group.Add(new ServerNamespace(prefix, delimiter));
        }

        if (index >= line.Count || line[index].Kind != ImapTokenKind.ListClose || group.Count == 0)
        {
            error = "expected one or more '(prefix delimiter)' entries and ')'";
            return false;
        }

        index++;
        error = null;
        return true;
    }

    private static bool IsString(ImapTokenKind kind) => kind is ImapTokenKind.QuotedString or ImapTokenKind.Literal or ImapTokenKind.Atom;
}
