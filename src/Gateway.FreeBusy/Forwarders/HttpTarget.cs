using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Core.Upstream;

namespace Gateway.FreeBusy.Forwarders;

/// <summary>An HTTP(S) free/busy store (Kolab style): <c>PUT</c>, <c>GET</c> and <c>DELETE</c> of <c>&lt;Url&gt;/&lt;name&gt;</c> with Basic authentication.</summary>
internal sealed class HttpTarget : IFreeBusyTarget, IDisposable
{
    private readonly Uri _base;
    private readonly HttpClient _http;

    public HttpTarget(Uri url, FreeBusyUpstreamOptions options, UpstreamOptions upstream)
    {
        _base = url.AbsolutePath.EndsWith('/') ? url : new Uri(url + "/");
        var validator = UpstreamCertificateValidator.For(options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(upstream.ConnectTimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validator.CreateCallback(url.Host) },
        };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(upstream.ConnectTimeoutSeconds + upstream.ReadTimeoutSeconds) };
    }

    public string Description => _base.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    public async Task PutAsync(string name, UpstreamCredentials? credentials, Stream content, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Put, name, credentials);
        request.Content = new StreamContent(content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/calendar") { CharSet = "utf-8" };
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new FreeBusyUpstreamException($"PUT answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    public async Task DeleteAsync(string name, UpstreamCredentials? credentials, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, name, credentials);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw new FreeBusyUpstreamException($"DELETE answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    public async Task<bool> TryGetAsync(string name, UpstreamCredentials? credentials, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, name, credentials);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new FreeBusyUpstreamException($"GET answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw new FreeBusyUpstreamException($"the upstream file is larger than {maxBytes} bytes");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await LimitedCopy.CopyAsync(body, destination, maxBytes, cancellationToken);
        return true;
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Request(HttpMethod method, string name, UpstreamCredentials? credentials)
    {
        var request = new HttpRequestMessage(method, new Uri(_base, Uri.EscapeDataString(name)));
        if (credentials is not null)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        }

        return request;
    }
}
