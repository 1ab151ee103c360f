namespace Gateway.Core.Listening;

/// <summary>Runs one client connection from accept to close.</summary>
public interface IConnectionHandler
{
    /// <summary>Serves the connection; returning ends it. <paramref name="cancellationToken"/> fires on shutdown.</summary>
    Task HandleAsync(ConnectionContext connection, CancellationToken cancellationToken);
}
