using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Monitor.Testing.Registry;

/// <summary>
/// A pull quota in front of a real registry, the way Docker Hub enforces one: every request is forwarded to the
/// registry unchanged; manifest requests count against the quota and their answers carry
/// <c>ratelimit-limit: N;w=W</c> and <c>ratelimit-remaining: R;w=W</c>; once the quota is spent, manifest requests
/// get <c>429 Too Many Requests</c> with <c>Retry-After</c> instead of being forwarded. Listens on 127.0.0.1
/// (a registry of its own, <see cref="Registry"/>), so clients use plain HTTP. For pulling only: request bodies
/// are not forwarded.
/// </summary>
public sealed class PullQuotaProxy : RegistryFront
{
    private readonly int quota;
    private readonly TimeSpan window;
    private readonly TimeSpan retryAfter;
    private int pulls;
    private int throttled;

    private PullQuotaProxy(Uri upstreamUri, int quota, TimeSpan window, TimeSpan retryAfter)
        : base(upstreamUri)
    {
        this.quota = quota;
        this.window = window;
        this.retryAfter = retryAfter;
    }

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
        var proxy = new PullQuotaProxy(upstreamUri, quota, window, retryAfter);
        await proxy.ListenAsync();
        return proxy;
    }

    protected override async Task HandleAsync(HttpContext context)
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

        await RegistryForwarding.ForwardAsync(context, Upstream!, isPull ? response => AddQuotaHeaders(response, remaining) : null);
    }

    private void AddQuotaHeaders(HttpResponse response, int remaining)
    {
        var w = ((int)window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        response.Headers["ratelimit-limit"] = $"{quota.ToString(CultureInfo.InvariantCulture)};w={w}";
        response.Headers["ratelimit-remaining"] = $"{remaining.ToString(CultureInfo.InvariantCulture)};w={w}";
    }
}
