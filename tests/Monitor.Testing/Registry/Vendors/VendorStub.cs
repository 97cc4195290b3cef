using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Monitor.Testing.Registry.Vendors;

/// <summary>
/// A public registry's own web API on 127.0.0.1 (Kestrel, a free port), for what the real registries here cannot serve:
/// requests its <see cref="IVendorApi"/> handles get the vendor's documented answers (or a <see cref="Fault"/>, after
/// <see cref="Delay"/>); everything else (the OCI API) is forwarded unchanged, with YARP, to the real distribution
/// registry behind it, else answered 404. Point the client at it with <c>Registries:Hosts:&lt;key&gt;:Host</c> and
/// <c>:Kind</c> (or <c>:ApiBaseUrl</c>). Records every request and the moment it arrived.
/// </summary>
public sealed class VendorStub : IAsyncDisposable
{
    private readonly ConcurrentQueue<StubRequest> requests = new();
    private readonly IVendorApi api;
    private readonly Uri? upstream;
    private readonly HttpMessageInvoker invoker = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    });

    private WebApplication? app;
    private VendorFault? fault;
    private int faultsLeft;
    private int answersBeforeFault;

    private VendorStub(IVendorApi api, Uri? upstream)
    {
        this.api = api;
        this.upstream = upstream;
    }

    /// <summary>The stub as a registry host: <c>127.0.0.1:PORT</c> (loopback, so clients use plain HTTP).</summary>
    public string Authority { get; private set; } = "";

    public Uri BaseUri => new($"http://{Authority}/");

    public IReadOnlyList<StubRequest> Requests => [.. requests];

    /// <summary>Every request waits this long before it is answered or forwarded (a slow registry).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Answers the vendor API requests instead of the fixture while set (for <see cref="VendorFault.Times"/> requests).</summary>
    public VendorFault? Fault
    {
        get => Volatile.Read(ref fault);
        set
        {
            Volatile.Write(ref faultsLeft, value?.Times ?? 0);
            Volatile.Write(ref answersBeforeFault, value?.After ?? 0);
            Volatile.Write(ref fault, value);
        }
    }

    /// <param name="upstream">The real registry to forward the OCI API to (e.g. <see cref="RegistryServer.BaseUri"/>); null: 404.</param>
    public static async Task<VendorStub> StartAsync(IVendorApi api, Uri? upstream = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        var stub = new VendorStub(api, upstream);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Logging.ClearProviders();
            builder.Services.AddHttpForwarder();
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
            var built = builder.Build();
            built.Run(stub.HandleAsync);
            try
            {
                await built.StartAsync();
                stub.app = built;
                stub.Authority = $"127.0.0.1:{port}";
                return stub;
            }
            catch (IOException) when (attempt < 3)
            {
                // The port was taken between choosing and binding it.
                await built.DisposeAsync();
            }
        }
    }

    public int Count(Func<StubRequest, bool> predicate) => requests.Count(predicate);

    /// <summary>
    /// For vendor endpoints on the registry host (GCR's tag list, Chainguard's history): asks the registry behind whether the
    /// request's credentials may pull <paramref name="repository"/>; when not, relays its 401 and challenge and returns false.
    /// </summary>
    public async Task<bool> AuthorizeLikeUpstreamAsync(HttpContext context, string repository)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (upstream is null)
        {
            return true;
        }

        using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(upstream, $"v2/{repository}/tags/list"));
        if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            probe.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var answer = await invoker.SendAsync(probe, context.RequestAborted);
        if (answer.StatusCode != HttpStatusCode.Unauthorized)
        {
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (answer.Headers.WwwAuthenticate.ToString() is { Length: > 0 } challenge)
        {
            context.Response.Headers.WWWAuthenticate = challenge;
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        invoker.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var handled = api.Serves(request);
        requests.Enqueue(new StubRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
            request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null, DateTimeOffset.UtcNow, !handled));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        if (!handled)
        {
            await ForwardAsync(context);
            return;
        }

        if (Fault is { } current && Interlocked.Decrement(ref answersBeforeFault) < 0 && Interlocked.Decrement(ref faultsLeft) >= 0)
        {
            context.Response.StatusCode = current.Status;
            if (current.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = current.RetryAfter;
            }

            await context.Response.WriteAsync(current.Body ?? "", context.RequestAborted);
            return;
        }

        await api.HandleAsync(context, this);
    }

    private async Task ForwardAsync(HttpContext context)
    {
        if (upstream is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
        await forwarder.SendAsync(context, upstream.ToString(), invoker, ForwarderRequestConfig.Empty, HttpTransformer.Default);
    }
}
