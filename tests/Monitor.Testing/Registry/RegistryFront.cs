using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Monitor.Testing.Registry;

/// <summary>A registry of its own on 127.0.0.1 in front of a real one; each front decides what to do with a request.</summary>
public abstract class RegistryFront : IAsyncDisposable
{
    private WebApplication? app;

    protected RegistryFront(Uri? upstreamUri) => Upstream = upstreamUri is null ? null : RegistryForwarding.Upstream(upstreamUri);

    /// <summary>This front as a registry in image references: <c>127.0.0.1:PORT</c>.</summary>
    public string Registry { get; private set; } = "";

    /// <summary>The real registry, when there is one.</summary>
    protected HttpClient? Upstream { get; }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Upstream?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task ListenAsync()
    {
        (app, var port) = await RegistryForwarding.StartAsync(HandleAsync);
        Registry = $"127.0.0.1:{port}";
    }

    protected abstract Task HandleAsync(HttpContext context);
}
