using System.Text;

namespace Gateway.Imap.Transforms.Capabilities;

/// <summary>
/// Filters <c>* CAPABILITY ...</c> and the <c>[CAPABILITY ...]</c> response code of status responses
/// (RFC 3501 §7.2.1, §7.1) through <see cref="CapabilityFilter"/>.
/// </summary>
internal sealed class CapabilityResponseTransform : IImapResponseTransform
{
    public bool Interested(ReadOnlySpan<byte> line) =>
        line.Length > 12 && line.IndexOf("CAPABILITY"u8) >= 0;

    public string? Rewrite(string line)
    {
        if (line.StartsWith("* CAPABILITY ", StringComparison.OrdinalIgnoreCase))
        {
            return "* CAPABILITY " + string.Join(' ', CapabilityFilter.Filter(line[13..].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        }

        var start = line.IndexOf("[CAPABILITY ", StringComparison.OrdinalIgnoreCase);
        var end = start < 0 ? -1 : line.IndexOf(']', start);
        if (end < 0)
        {
            return null;
        }

        var kept = CapabilityFilter.Filter(line[(start + 12)..end].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return new StringBuilder(line.Length).Append(line, 0, start + 12).AppendJoin(' ', kept).Append(line, end, line.Length - end).ToString();
    }
}
