using Microsoft.Playwright;

namespace Monitor.Worker.Tests.Web;

/// <summary>
/// Debian's headless Chromium driven by Playwright, one per test class. Playwright's own browser download cannot work
/// here; without <c>/usr/bin/chromium</c> every browser test fails, saying how to install it.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // Without the background-networking switches Chromium dials out (component updates, sync) and, on a closed network,
    // its refused connections end up as noise; Playwright gives every launch a fresh profile (user data directory).
    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("not initialised");

    public async ValueTask InitializeAsync()
    {
        RequireExecutable(ExecutablePath);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Arguments });
    }

    /// <summary>Fails, saying how to install it, when there is no browser at <paramref name="path"/>.</summary>
    public static void RequireExecutable(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The browser tests need Debian's chromium at {path}: run .ci/install-prerequisites (it installs the chromium package).");
        }
    }

    /// <summary>A fresh browser context on the service at <paramref name="origin"/> that records every request and console message.</summary>
    public async Task<BrowserSession> OpenAsync(Uri origin, int width = 1280, int height = 900, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = origin.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = colorScheme,
        });
        return await BrowserSession.StartAsync(context, origin);
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
    }
}
