using System.Buffers;
using System.Text;
using Gateway.Imap.Wire;

namespace Gateway.Imap.Tests.Wire;

/// <summary>Drives <see cref="ImapReader"/> over a whole input the way the session does and describes what it read.</summary>
internal static class ImapTestReader
{
    /// <summary>One entry per logical line ("a1 NOOP"), error ("!Reason@offset resync") or "…" for NeedMoreData.</summary>
    public static List<string> ReadAll(ImapReaderMode mode, ReadOnlySequence<byte> input, ImapLimits? limits = null)
    {
        limits ??= ImapLimits.Default;
        var results = new List<string>();
        var state = mode == ImapReaderMode.Command ? ImapReaderState.ForCommands() : ImapReaderState.ForResponses();
        using var line = new ImapLine();
        while (input.Length > 0)
        {
            OperationStatus status;
            SequencePosition consumed;
            ImapSyntaxError error;
            if (state.PendingLiteral is { } literal)
            {
                if (literal.Length <= limits.MaxMaterializedLiteral)
                {
                    status = ImapReader.TryReadLiteral(ref state, input, line, limits, out consumed, out _, out error);
                }
                else if (input.Length >= literal.Length)
                {
                    consumed = input.GetPosition(literal.Length);
                    ImapReader.SkipLiteral(ref state);
                    status = OperationStatus.Done;
                    error = default;
                }
                else
                {
                    consumed = input.Start;
                    status = OperationStatus.NeedMoreData;
                    error = default;
                }
            }
            else
            {
                status = ImapReader.TryReadSegment(ref state, input, line, limits, out consumed, out _, out error);
            }

            switch (status)
            {
                case OperationStatus.NeedMoreData:
                    Assert.True(consumed.Equals(input.Start), "NeedMoreData must consume nothing");
                    results.Add("…");
                    return results;
                case OperationStatus.InvalidData:
                    results.Add($"!{error.Reason}@{error.Offset}{(error.CanResynchronize ? "" : " BYE")}");
                    if (!error.CanResynchronize)
                    {
                        Assert.True(consumed.Equals(input.Start));
                        return results;
                    }

                    Assert.False(state.InLine);
                    break;
                default:
                    if (line.IsComplete && state.PendingLiteral is null)
                    {
                        results.Add(Describe(line));
                    }

                    break;
            }

            input = input.Slice(consumed);
        }

        return results;
    }

    public static List<string> ReadAll(ImapReaderMode mode, string text, ImapLimits? limits = null) =>
        ReadAll(mode, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)), limits);

    /// <summary>Tokens separated by spaces: atoms raw, NIL, "quoted value", {n}=literal value, ( ) [ ], T:text.</summary>
    public static string Describe(ImapLine line)
    {
        var parts = new List<string>();
        for (var i = 0; i < line.Count; i++)
        {
            var token = line[i];
            parts.Add(token.Kind switch
            {
                ImapTokenKind.Nil => "NIL",
                ImapTokenKind.QuotedString => $"\"{line.GetString(i)}\"",
                ImapTokenKind.Literal => Encoding.UTF8.GetString(line.Raw(token)) + (token.IsMaterialized ? "=" + line.GetString(i) : ""),
                ImapTokenKind.Text => "T:" + line.GetString(i),
                _ => Encoding.UTF8.GetString(line.Raw(token)),
            });
        }

        return string.Join(' ', parts);
    }
}
