using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Gateway.Core.Listening;

/// <summary>Line-based reading of a client's commands (SMTP, POP3): a bounded line length and an idle timeout.</summary>
public static class ClientLines
{
    /// <summary>
    /// Reads one line (without CR LF); null at end of stream. A line longer than <paramref name="maxLineBytes"/> is
    /// skipped to its end and reported as <c>TooLong</c>, so the session can answer it and go on.
    /// </summary>
    /// <exception cref="TimeoutException">The client sent nothing for <paramref name="idleTimeout"/>.</exception>
    public static async Task<(string? Line, bool TooLong)> ReadLineAsync(PipeReader reader, int maxLineBytes, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var discarding = false;
        while (true)
        {
            var result = await ReadAsync(reader, idleTimeout, cancellationToken);
            var buffer = result.Buffer;
            var end = buffer.PositionOf((byte)'\n');
            if (end is { } lf)
            {
                var line = buffer.Slice(0, lf);
                var tooLong = discarding || line.Length > maxLineBytes;
                var text = tooLong ? "" : Encoding.UTF8.GetString(line).TrimEnd('\r');
                reader.AdvanceTo(buffer.GetPosition(1, lf));
                return (text, tooLong);
            }

            if (buffer.Length > maxLineBytes)
            {
                discarding = true;
                reader.AdvanceTo(buffer.End);
            }
            else
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return (null, false);
            }
        }
    }

    /// <summary>Reads from the client, turning silence beyond <paramref name="idleTimeout"/> into a <see cref="TimeoutException"/>.</summary>
    public static async ValueTask<ReadResult> ReadAsync(PipeReader reader, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(idleTimeout);
        try
        {
            return await reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("client idle");
        }
    }
}
