using System.Collections.Concurrent;
using System.Net;
using Gateway.IntegrationTests.Fixtures;

namespace Gateway.IntegrationTests.FreeBusy;

/// <summary>
/// A Kolab-style HTTP free/busy store started by the test: PUT stores <c>/freebusy/&lt;name&gt;</c>, GET serves it,
/// each PUT is announced to <see cref="WaitForPutAsync"/>.
/// </summary>
internal sealed class HttpFreeBusyServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    // _waiters guards itself: pending waits for a PUT of a name.
    private readonly List<(string Name, TaskCompletionSource<(byte[] Body, string? Authorization)> Done)> _waiters = [];

    public HttpFreeBusyServer()
    {
        Port = FreePorts.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/freebusy/";

    public byte[]? Get(string name) => _files.TryGetValue(name, out var body) ? body : null;

    /// <summary>Completes with the body and Authorization header of the next PUT of <paramref name="name"/>.</summary>
    public Task<(byte[] Body, string? Authorization)> WaitForPutAsync(string name)
    {
        var done = new TaskCompletionSource<(byte[], string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((name, done));
        }

        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var name = context.Request.Url!.AbsolutePath.Replace("/freebusy/", "", StringComparison.Ordinal);
            switch (context.Request.HttpMethod)
            {
                case "PUT":
                    using (var body = new MemoryStream())
                    {
                        await context.Request.InputStream.CopyToAsync(body);
                        _files[name] = body.ToArray();
                        context.Response.StatusCode = 201;
                        context.Response.Close();
                        lock (_waiters)
                        {
                            foreach (var waiter in _waiters.Where(w => w.Name == name).ToList())
                            {
                                waiter.Done.TrySetResult((body.ToArray(), context.Request.Headers["Authorization"]));
                                _waiters.Remove(waiter);
                            }
                        }
                    }

                    break;
                case "GET" when _files.TryGetValue(name, out var file):
                    context.Response.StatusCode = 200;
                    context.Response.ContentLength64 = file.Length;
                    await context.Response.OutputStream.WriteAsync(file);
                    context.Response.Close();
                    break;
                default:
                    context.Response.StatusCode = 404;
                    context.Response.Close();
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
