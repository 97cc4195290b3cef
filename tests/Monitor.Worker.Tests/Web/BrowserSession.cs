using System.Collections.Concurrent;
using Microsoft.Playwright;
using Monitor.Testing;

namespace Monitor.Worker.Tests.Web;

/// <summary>One page in its own browser context, with every request it made and every error it logged.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly Uri origin;
    private readonly ConcurrentQueue<string> requests = new();
    private readonly ConcurrentQueue<string> errors = new();
    private readonly ConcurrentQueue<string> events = new();

    private BrowserSession(IBrowserContext context, IPage page, Uri origin) => (this.context, Page, this.origin) = (context, page, origin);

    public IPage Page { get; }

    /// <summary>Every URL the browser requested, in order.</summary>
    public IReadOnlyCollection<string> Requests => requests;

    /// <summary>Where screenshots go: <c>TestResults/screenshots</c> at the repository root (git ignores it).</summary>
    public static string ScreenshotFolder { get; } = RepositoryRoot.Combine("TestResults/screenshots");

    public static async Task<BrowserSession> StartAsync(IBrowserContext context, Uri origin)
    {
        var page = await context.NewPageAsync();
        var session = new BrowserSession(context, page, origin);
        context.Request += (_, request) =>
        {
            session.requests.Enqueue(request.Url);
            session.events.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} request {request.Method} {request.Url}");
        };
        context.RequestFinished += (_, request) => session.events.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} finished {request.Url}");
        page.Load += (_, _) => session.events.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} load {page.Url}");
        context.RequestFailed += (_, request) => session.errors.Enqueue($"request failed: {request.Url} ({request.Failure})");
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                session.errors.Enqueue($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => session.errors.Enqueue($"page error: {error}");
        return session;
    }

    /// <summary>Opens <paramref name="path"/> and returns the answer's status.</summary>
    public async Task<int> GoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.NotNull(response);
        return response.Status;
    }

    /// <summary>Clicks a link or button that leads to another address and waits until that page has loaded.</summary>
    public Task FollowAsync(ILocator target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return FollowAsync(() => target.ClickAsync());
    }

    /// <summary>Does what leads to another address (a click, a key) and waits until that page has loaded.</summary>
    public async Task FollowAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = Page.Url;
        events.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} leaving {before}");
        await action();
        try
        {
            await Page.WaitForURLAsync(url => url != before);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"no other page; the browser's last events:\n{string.Join('\n', events.TakeLast(20))}", e);
        }
    }

    /// <summary>Nothing went to another origin, nothing failed, nothing was logged as an error or warning.</summary>
    public void AssertCleanAndLocal()
    {
        Assert.NotEmpty(requests);
        Assert.All(requests, url => Assert.True(new Uri(url) is var uri && uri.Scheme == origin.Scheme && uri.Authority == origin.Authority, $"a request left the service's origin: {url}"));
        Assert.Empty(errors);
    }

    /// <summary>A PNG of the page (or of the viewport) under <see cref="ScreenshotFolder"/>; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
