using System.Text;

namespace Gateway.Imap.Transforms;

/// <summary>The transforms of one session, built once at login; applied in order, each to the previous result.</summary>
internal sealed class ImapTransformPipeline(IImapCommandTransform[] commands, IImapResponseTransform[] responses)
{
    /// <summary>Rewrites a client command; null when no transform changed it (forward the raw bytes).</summary>
    public string? RewriteCommand(string command, ReadOnlySpan<byte> line)
    {
        string? text = null;
        foreach (var transform in commands)
        {
            if (transform.Interested(command))
            {
                text = transform.Rewrite(text ?? Encoding.UTF8.GetString(line)) ?? text;
            }
        }

        return text;
    }

    /// <summary>Rewrites an upstream response line; null when no transform changed it.</summary>
    public string? RewriteResponse(ReadOnlySpan<byte> line)
    {
        string? text = null;
        foreach (var transform in responses)
        {
            if (transform.Interested(line))
            {
                text = transform.Rewrite(text ?? Encoding.UTF8.GetString(line)) ?? text;
            }
        }

        return text;
    }
}
