using System.Text;

namespace Gateway.Core.Listening;

/// <summary>Answers every connection with one protocol line that says the service is unavailable, then closes.</summary>
public sealed class RefusingConnectionHandler : IConnectionHandler
{
    private readonly byte[] _line;

    /// <param name="line">The whole reply without CRLF, e.g. <c>* BYE ...</c> or <c>421 ...</c>.</param>
    public RefusingConnectionHandler(string line)
    {
        _line = Encoding.ASCII.GetBytes(line + "\r\n");
    }

    public async Task HandleAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await connection.Stream.WriteAsync(_line, cancellationToken);
        await connection.Stream.FlushAsync(cancellationToken);
    }
}
