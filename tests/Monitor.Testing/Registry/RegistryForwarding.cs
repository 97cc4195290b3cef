using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Monitor.Testing.Registry;

/// <summary>
/// What the harness's fronts of a real registry share: Kestrel on a free 127.0.0.1 port, and forwarding of a pull
/// request (request bodies are not forwarded) with the answer's status, headers and body.
/// </summary>
internal static class RegistryForwarding
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    /// <summary>Starts <paramref name="handle"/> on a free loopback port; returns the running app and its port.</summary>
    public static async Task<(WebApplication App, int Port)> StartAsync(RequestDelegate handle)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            app.Run(handle);
            try
            {
                await app.StartAsync();
                return (app, port);
            }
            catch (IOException) when (attempt < 3)
            {
                // The port was taken between choosing and binding it.
                await app.DisposeAsync();
            }
        }
    }

    public static HttpClient Upstream(Uri upstreamUri) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = upstreamUri,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <param name="decorate">Changes the answer's headers before its body is written.</param>
    /// <param name="body">Sent instead of the registry's body (with its own Content-Length); null forwards the registry's.</param>
    public static async Task ForwardAsync(HttpContext context, HttpClient upstream, Action<HttpResponse>? decorate = null, byte[]? body = null)
    {
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

        decorate?.Invoke(context.Response);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        if (body is not null)
        {
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
            return;
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
