using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Web;

/// <summary>The vendor comparison and the pages of a realistic fleet (<see cref="VendorFleet"/>) in Chromium.</summary>
[Collection(OneHostAtATime.Name)]
public sealed class VendorPageBrowserTests(VendorFleet fleet, Chromium chromium) : IClassFixture<VendorFleet>, IClassFixture<Chromium>
{
    private Uri Origin => fleet.Host.Http.BaseAddress!;

    [Fact]
    public async Task Screenshots()
    {
        await using var session = await chromium.OpenAsync(Origin);
        Assert.Equal(200, await session.GoAsync("/"));
        await session.ScreenshotAsync("fleet");
        Assert.Equal(200, await session.GoAsync("/vendors"));
        await session.ScreenshotAsync("vendors");
        Assert.Equal(200, await session.GoAsync("/tags/gcr.io/distroless/static-debian12:nonroot"));
        await session.ScreenshotAsync("tag");
        await session.ScreenshotAsync("tag-top", fullPage: false);
        await session.Page.Locator("section:has(#weekly-title)").ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotFolder, "weekly.png") });
        await session.Page.Locator("section:has(#monthly-title)").ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotFolder, "monthly.png") });
        await session.Page.Locator("section:has(#events-title)").ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotFolder, "events.png"), Timeout = 5000 });
        Assert.Equal(200, await session.GoAsync("/tags/cgr.dev/chainguard/static:latest"));
        await session.ScreenshotAsync("tag-chainguard");
        session.AssertCleanAndLocal();
    }
}
