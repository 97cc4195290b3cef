using System.Net;
using System.Text;

namespace Monitor.Testing.Prometheus;

/// <summary>
/// A tiny scrape target on 127.0.0.1: serves <c>/metrics</c> in the Prometheus text format from a
/// callback that gets the 1-based scrape number, so counters can grow between scrapes.
/// </summary>
public sealed class ExpositionEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<int, string> _render;
    private readonly Task _loop;
    private int _scrapes;

    private ExpositionEndpoint(HttpListener listener, Func<int, string> render, int port)
    {
        _listener = listener;
        _render = render;
        Port = port;
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>host:port as a Prometheus static target.</summary>
    public string Target => $"127.0.0.1:{Port}";

    public int Scrapes => Volatile.Read(ref _scrapes);

    /// <summary>The last error a render callback threw (served as HTTP 500), for failure messages.</summary>
    public Exception? LastError { get; private set; }

    public static ExpositionEndpoint Start(Func<int, string> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new ExpositionEndpoint(listener, render, port);
            }
            catch (HttpListenerException) when (attempt < 3)
            {
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
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
                return; // stopped
            }

            await RespondAsync(context);
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (context.Request.Url?.AbsolutePath != "/metrics")
            {
                response.StatusCode = 404;
                return;
            }

            string body;
            try
            {
                body = _render(Interlocked.Increment(ref _scrapes));
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
            {
                LastError = e;
                response.StatusCode = 500;
                body = e.Message;
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
        catch (HttpListenerException)
        {
            // the scraper went away
        }
        finally
        {
            response.Close();
        }
    }
}
