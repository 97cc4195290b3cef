using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Monitor.Testing.Registry;

/// <summary>
/// A pull quota in front of a real registry, the way Docker Hub enforces one: every request is forwarded to the
/// registry unchanged; manifest requests count against the quota and their answers carry
/// <c>ratelimit-limit: N;w=W</c> and <c>ratelimit-remaining: R;w=W</c>; once the quota is spent, manifest requests
/// get <c>429 Too Many Requests</c> with <c>Retry-After</c> instead of being forwarded. Listens on 127.0.0.1
/// (a registry of its own, <see cref="Registry"/>), so clients use plain HTTP. For pulling only: request bodies
/// are not forwarded.
/// </summary>
public sealed class PullQuotaProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly int quota;
    private readonly TimeSpan window;
    private readonly TimeSpan retryAfter;
    private int pulls;
    private int throttled;

    private PullQuotaProxy(WebApplication app, Uri upstreamUri, int port, int quota, TimeSpan window, TimeSpan retryAfter)
    {
        this.app = app;
        this.quota = quota;
        this.window = window;
        this.retryAfter = retryAfter;
        Registry = $"127.0.0.1:{port}";
        upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = upstreamUri,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>This front as a registry in image references: <c>127.0.0.1:PORT</c>.</summary>
    public string Registry { get; }

    /// <summary>Manifest requests forwarded within the quota.</summary>
    public int Pulls => Volatile.Read(ref pulls);

    /// <summary>Manifest requests answered 429 because the quota was spent.</summary>
    public int Throttled => Volatile.Read(ref throttled);

    /// <param name="upstreamUri">The real registry, e.g. <see cref="RegistryServer.BaseUri"/>.</param>
    /// <param name="quota">Manifest requests allowed before 429s start.</param>
    /// <param name="window">The <c>w=</c> of the headers (Docker Hub: 21600 s).</param>
    /// <param name="retryAfter">The <c>Retry-After</c> of the 429s.</param>
    public static async Task<PullQuotaProxy> StartAsync(Uri upstreamUri, int quota, TimeSpan window, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(upstreamUri);
        ArgumentOutOfRangeException.ThrowIfNegative(quota);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            var proxy = new PullQuotaProxy(app, upstreamUri, port, quota, window, retryAfter);
            app.Run(proxy.HandleAsync);
            try
            {
                await app.StartAsync();
                return proxy;
            }
            catch (IOException) when (attempt < 3)
            {
                // The port was taken between choosing and binding it.
                await proxy.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var isPull = context.Request.Path.Value?.Contains("/manifests/", StringComparison.Ordinal) == true;
        var remaining = quota;
        if (isPull)
        {
            var used = Interlocked.Increment(ref pulls);
            if (used > quota)
            {
                Interlocked.Decrement(ref pulls);
                Interlocked.Increment(ref throttled);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                AddQuotaHeaders(context.Response, 0);
                context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await context.Response.WriteAsync("""{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}""");
                return;
            }

            remaining = quota - used;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name))
            {
                request.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (isPull)
        {
            AddQuotaHeaders(context.Response, remaining);
        }

        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    private void AddQuotaHeaders(HttpResponse response, int remaining)
    {
        var w = ((int)window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        response.Headers["ratelimit-limit"] = $"{quota.ToString(CultureInfo.InvariantCulture)};w={w}";
        response.Headers["ratelimit-remaining"] = $"{remaining.ToString(CultureInfo.InvariantCulture)};w={w}";
    }
}
