using Microsoft.AspNetCore.Http;

namespace Monitor.Testing.Registry;

/// <summary>
/// Faults on demand in front of a real registry (a registry of its own on 127.0.0.1): while <see cref="Status"/> is
/// set every request gets that status (e.g. 503) without reaching the registry; otherwise manifest requests wait
/// <see cref="ManifestDelay"/> (a slow registry) and everything is forwarded unchanged. Both can change while it runs.
/// </summary>
public sealed class FaultProxy : RegistryFront
{
    private int requests;
    private long delayTicks;
    private int status;

    private FaultProxy(Uri? upstreamUri)
        : base(upstreamUri)
    {
    }

    /// <summary>Requests received, answered or forwarded.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>The status every request gets instead of being forwarded; null forwards.</summary>
    public int? Status
    {
        get => Volatile.Read(ref status) is var value and > 0 ? value : null;
        set => Volatile.Write(ref status, value ?? 0);
    }

    /// <summary>How long each manifest request is held before it is forwarded.</summary>
    public TimeSpan ManifestDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref delayTicks));
        set => Interlocked.Exchange(ref delayTicks, value.Ticks);
    }

    /// <param name="upstreamUri">The real registry (e.g. <see cref="RegistryServer.BaseUri"/>); null for a front that only answers <see cref="Status"/>.</param>
    public static async Task<FaultProxy> StartAsync(Uri? upstreamUri, int? status = null)
    {
        var proxy = new FaultProxy(upstreamUri) { Status = status ?? (upstreamUri is null ? StatusCodes.Status503ServiceUnavailable : null) };
        await proxy.ListenAsync();
        return proxy;
    }

    protected override async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        if (Status is not null || Upstream is null)
        {
            context.Response.StatusCode = Status ?? StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (context.Request.Path.Value?.Contains("/manifests/", StringComparison.Ordinal) == true && ManifestDelay > TimeSpan.Zero)
        {
            await Task.Delay(ManifestDelay, context.RequestAborted);
        }

        await RegistryForwarding.ForwardAsync(context, Upstream);
    }
}
