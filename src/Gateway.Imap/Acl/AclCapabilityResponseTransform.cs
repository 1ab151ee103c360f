using System.Text;
using Gateway.Imap.Hierarchy;
using Gateway.Imap.Transforms;

namespace Gateway.Imap.Acl;

/// <summary>
/// Applies <see cref="AclCapabilities.Rewrite"/> to <c>* CAPABILITY ...</c> and to the <c>[CAPABILITY ...]</c> code of
/// status responses (RFC 3501 §7.2.1, §7.1). Runs after the capability filter.
/// </summary>
internal sealed class AclCapabilityResponseTransform(ServerKind kind, AclClientDialect clientDialect) : IImapResponseTransform
{
    public bool Interested(ReadOnlySpan<byte> line) => line.Length > 12 && line.IndexOf("CAPABILITY"u8) >= 0;

    public string? Rewrite(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.StartsWith("* CAPABILITY ", StringComparison.OrdinalIgnoreCase))
        {
            return "* CAPABILITY " + string.Join(' ', AclCapabilities.Rewrite(line[13..].Split(' ', StringSplitOptions.RemoveEmptyEntries), kind, clientDialect));
        }

        var start = line.IndexOf("[CAPABILITY ", StringComparison.OrdinalIgnoreCase);
        var end = start < 0 ? -1 : line.IndexOf(']', start);
        if (end < 0)
        {
            return null;
        }

        var kept = AclCapabilities.Rewrite(line[(start + 12)..end].Split(' ', StringSplitOptions.RemoveEmptyEntries), kind, clientDialect);
        return new StringBuilder(line.Length).Append(line, 0, start + 12).AppendJoin(' ', kept).Append(line, end, line.Length - end).ToString();
    }
}
