using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Monitor.Core.Reading;
using Monitor.Registry.Client;
using Monitor.Worker.Tests.Api;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Web;

/// <summary>
/// The web pages in Chromium against the real host over a history pushed to the real registry and polled for real
/// (<see cref="SimulatedFleet"/>): they show the API's numbers, filter, sort and page like it, draw its buckets, stay on
/// their origin without errors, work from the keyboard, on a phone and in dark mode.
/// </summary>
[Collection(OneHostAtATime.Name)]
public sealed class FleetBrowserTests(SimulatedFleet fleet, Chromium chromium) : IClassFixture<SimulatedFleet>, IClassFixture<Chromium>
{
    private MonitorHost Host => fleet.Host;

    [Fact]
    public async Task Fleet_page_lists_every_tag_with_the_APIs_numbers_in_the_APIs_order()
    {
        var api = (await Host.GetJsonAsync("/api/tags")).GetProperty("items").EnumerateArray().ToList();
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);

        Assert.Equal(200, await session.GoAsync("/"));
        var rows = await PageReading.FleetRowsAsync(session.Page);

        Assert.Equal(api.Select(i => i.GetProperty("reference").GetString()), rows.Select(r => r.Reference));
        foreach (var (row, item) in rows.Zip(api))
        {
            Assert.Equal(item.GetProperty("status").GetString(), row.Status);
            Assert.Equal(Number(item, "ageSeconds"), row.AgeSeconds);
            Assert.Equal(Duration(Number(item, "ageSeconds")), row.Age);
            Assert.Equal(Number(item, "medianIntervalSeconds"), row.MedianSeconds);
            Assert.Equal(Duration(Number(item, "medianIntervalSeconds")), row.Median);
            Assert.Equal(item.GetProperty("rebuilds30d").GetInt32(), row.Rebuilds30d);
            Assert.Equal(Time(item, "nextRebuildExpectedAt"), row.NextDue);
            Assert.StartsWith(item.GetProperty("pollStatus").GetString()!, row.Poll, StringComparison.Ordinal);
            // The cell shows the cause; the request it happened to is the row's own tag.
            Assert.Equal(RegistryFailure.CauseOf(item.GetProperty("lastError").GetString() ?? ""), row.LastError);
            Assert.Equal($"/tags/{row.Reference}", Uri.UnescapeDataString(row.Href));
        }

        session.AssertCleanAndLocal();
        await session.ScreenshotAsync("simulated-fleet");
    }

    [Fact]
    public async Task Counts_by_status_at_the_top_are_the_APIs_totals_and_filter_by_status()
    {
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);
        await session.GoAsync("/");

        var counts = await session.Page.Locator("ul.counts a").EvaluateAllAsync<string[][]>(
            "links => links.map(a => [a.textContent.trim().split(/\\s+/).slice(-1)[0], a.querySelector('strong').textContent, a.getAttribute('href')])");

        Assert.Equal(["all", "missing", "stale", "due", "fresh", "unknown"], counts.Select(c => c[0]));
        Assert.Equal((await Host.GetJsonAsync("/api/tags")).GetProperty("total").GetInt32(), int.Parse(counts[0][1], CultureInfo.InvariantCulture));
        foreach (var count in counts.Skip(1))
        {
            var total = (await Host.GetJsonAsync($"/api/tags?status={count[0]}")).GetProperty("total").GetInt32();
            Assert.Equal(total, int.Parse(count[1], CultureInfo.InvariantCulture));
        }

        await session.FollowAsync(session.Page.Locator("ul.counts a", new() { HasText = "fresh" }));
        Assert.EndsWith("/?status=fresh", session.Page.Url, StringComparison.Ordinal);
        Assert.Equal(await ApiReferencesAsync("status=fresh"), await PageReading.FleetReferencesAsync(session.Page));
        session.AssertCleanAndLocal();
    }

    [Theory]
    [InlineData("status=missing")]
    [InlineData("status=fresh&sort=reference&order=asc")]
    [InlineData("group=other")]
    [InlineData("repository=fleet/stale")]
    [InlineData("registry=docker.io")]
    [InlineData("search=U")]
    [InlineData("sort=median&order=asc")]
    [InlineData("sort=rebuilds30d")]
    [InlineData("sort=reference&order=desc")]
    [InlineData("pageSize=2&page=2")]
    [InlineData("pageSize=2&page=4")]
    public async Task Filters_search_sort_and_paging_list_what_the_API_lists(string query)
    {
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);

        Assert.Equal(200, await session.GoAsync($"/?{query}"));

        Assert.Equal(await ApiReferencesAsync(query), await PageReading.FleetReferencesAsync(session.Page));
        session.AssertCleanAndLocal();
    }

    [Fact]
    public async Task The_filter_form_and_the_column_headers_change_the_list()
    {
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);
        var page = session.Page;
        await session.GoAsync("/");

        await page.GetByLabel("Name contains").FillAsync("e");
        await page.GetByLabel("Group").SelectOptionAsync("default");
        await page.GetByLabel("Sort by").SelectOptionAsync("median");
        await page.GetByLabel("Order").SelectOptionAsync("asc");
        await session.FollowAsync(page.GetByRole(AriaRole.Button, new() { Name = "Apply" }));

        Assert.Contains("search=e", page.Url, StringComparison.Ordinal);
        Assert.Equal(await ApiReferencesAsync("search=e&group=default&sort=median&order=asc"), await PageReading.FleetReferencesAsync(page));
        Assert.Equal("e", await page.GetByLabel("Name contains").InputValueAsync());

        // The header of the sorted column turns the order round; another header sorts by its key.
        await session.FollowAsync(page.Locator("th[aria-sort] a"));
        Assert.Equal(await ApiReferencesAsync("search=e&group=default&sort=median&order=desc"), await PageReading.FleetReferencesAsync(page));
        await session.FollowAsync(page.Locator("thead a", new() { HasText = "Tag" }));
        Assert.Equal(await ApiReferencesAsync("search=e&group=default&sort=reference&order=asc"), await PageReading.FleetReferencesAsync(page));
        Assert.Equal("ascending", await page.Locator("th[aria-sort]").GetAttributeAsync("aria-sort"));
        session.AssertCleanAndLocal();
    }

    [Fact]
    public async Task The_pager_walks_through_the_API_pages()
    {
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);
        var page = session.Page;
        await session.GoAsync("/?pageSize=4");

        Assert.Equal(await ApiReferencesAsync("pageSize=4&page=1"), await PageReading.FleetReferencesAsync(page));
        Assert.Equal("Page 1 of 2", await page.Locator("nav.pager [aria-current=page]").TextContentAsync());
        await session.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "Next ›" }));
        Assert.Equal(await ApiReferencesAsync("pageSize=4&page=2"), await PageReading.FleetReferencesAsync(page));
        Assert.Equal("Page 2 of 2", await page.Locator("nav.pager [aria-current=page]").TextContentAsync());
        session.AssertCleanAndLocal();
    }

    [Theory]
    [InlineData("burst")]
    [InlineData("weekly")]
    public async Task Tag_page_draws_the_APIs_weekly_and_monthly_buckets(string name)
    {
        var detail = await Host.GetJsonAsync($"/api/tags/{fleet.Reference(name)}");
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);
        var page = session.Page;

        Assert.Equal(200, await session.GoAsync("/"));
        await session.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = fleet.Reference(name), Exact = true }));
        Assert.Equal(fleet.Reference(name), await page.Locator("h1").TextContentAsync());

        foreach (var (section, property) in new[] { ("weekly-title", "weekly"), ("monthly-title", "monthly") })
        {
            var expected = detail.GetProperty(property).EnumerateArray()
                .Select(b => new PageReading.Bucket(b.GetProperty("label").GetString()!, b.GetProperty("start").GetString()!, b.GetProperty("rebuilds").GetInt32())).ToList();
            Assert.Equal(expected, await PageReading.BucketTableAsync(page, section));

            // One bar per bucket, each as tall as its count relative to the tallest.
            var heights = await PageReading.BarHeightsAsync(page, section);
            Assert.Equal(expected.Count, heights.Count);
            var (highest, most) = (heights.Max(), expected.Max(b => b.Rebuilds));
            Assert.True(most > 0 && highest > 0, $"{property}: nothing drawn");
            Assert.All(expected.Zip(heights), pair => Assert.Equal(pair.First.Rebuilds / (double)most, pair.Second / highest, 3));
            Assert.Equal(expected[0].Label, await page.Locator($"section:has(#{section}) .mud-charts-xaxis text").First.TextContentAsync());
        }

        // The table of values opens from the keyboard-reachable summary.
        await page.Locator("section:has(#weekly-title) summary").ClickAsync();
        Assert.True(await page.Locator("section:has(#weekly-title) table.buckets").IsVisibleAsync());
        session.AssertCleanAndLocal();
        await session.ScreenshotAsync($"simulated-tag-{name}");
    }

    [Fact]
    public async Task Tag_page_shows_the_explanation_the_age_source_events_with_windows_digests_with_platforms_and_links_to_the_JSON()
    {
        var detail = await Host.GetJsonAsync($"/api/tags/{fleet.Reference("burst")}");
        var summary = detail.GetProperty("summary");
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);
        var page = session.Page;

        Assert.Equal(200, await session.GoAsync($"/tags/{fleet.Reference("burst")}"));

        Assert.Equal(summary.GetProperty("statusExplanation").GetString(), await page.Locator(".status-line .explanation").TextContentAsync());
        Assert.Equal(summary.GetProperty("status").GetString(), (await page.Locator(".status-line .badge").TextContentAsync())!.Trim());
        Assert.Equal("first-seen", await page.Locator(".age-source").TextContentAsync());
        Assert.Equal(Number(summary, "ageSeconds"), double.Parse((await page.Locator("dd.age").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture));

        // Events newest first, each with its detection window.
        var events = detail.GetProperty("events").EnumerateArray().Reverse().ToList();
        var shown = await page.Locator("table.events tbody tr").EvaluateAllAsync<string?[][]>(
            "rows => rows.map(r => [...r.querySelectorAll('time')].map(t => t.getAttribute('datetime')).concat([r.querySelectorAll('td')[2].textContent.trim()]))");
        Assert.Equal(events.Count, shown.Length);
        foreach (var (row, e) in shown.Zip(events))
        {
            Assert.Equal([Time(e, "time"), Time(e, "detectedAfter"), Time(e, "detectedBy")], row.Take(3).Select(t => (DateTimeOffset?)DateTimeOffset.Parse(t!, CultureInfo.InvariantCulture)));
            Assert.Equal(e.GetProperty("changes").GetInt32().ToString(CultureInfo.InvariantCulture), row[3]);
        }

        // Digests newest first, with the platforms of each index.
        var revisions = detail.GetProperty("revisions").EnumerateArray().Reverse().ToList();
        var digests = await page.Locator("table.digests tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.querySelector('th code').getAttribute('title'), ...[...r.querySelectorAll('.platforms li')].map(li => li.textContent.trim().split(' ')[0])])");
        Assert.Equal(revisions.Select(r => r.GetProperty("digest").GetString()), digests.Select(d => d[0]));
        Assert.All(digests, d => Assert.Equal(["linux/amd64", "linux/arm64/v8"], d.Skip(1)));
        Assert.Equal("baseline", (await page.Locator("table.digests tbody tr").Last.Locator(".mark").TextContentAsync())!.Trim());

        // The JSON of the same tag, one click away.
        var json = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Link, new() { Name = $"GET /api/tags/{fleet.Reference("burst")}" }).ClickAsync(),
            response => response.Url.Contains("/api/tags/", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(await json.TextAsync());
        Assert.Equal(fleet.Reference("burst"), document.RootElement.GetProperty("summary").GetProperty("reference").GetString());
        session.AssertCleanAndLocal();
    }

    [Fact]
    public async Task Vendor_comparison_shows_the_median_of_medians_and_the_mean_monthly_rate()
    {
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);

        Assert.Equal(200, await session.GoAsync("/vendors"));

        // By hand (FleetEndToEndTests): medians weekly, due and missing 7 d, burst 30 d; stale and unknown have none.
        // Rates over the 72.5 observed days: weekly 10, burst 2, due 3, missing 2, stale 0 rebuilds; unknown has no span.
        var month = 72.5 / 30.436875;
        var registry = Assert.Single(await PageReading.ComparisonRowsAsync(session.Page, "registries-title"));
        Assert.Equal((fleet.Registry.Registry, 6, 7 * 86_400.0, "7 d"), (registry.Name, registry.Tags, registry.MedianSeconds!.Value, registry.Median));
        Assert.Equal((10 + 2 + 3 + 2 + 0) / 5.0 / month, registry.RatePerMonth!.Value, 9);

        var repositories = await PageReading.ComparisonRowsAsync(session.Page, "repositories-title");
        (string Name, double? MedianDays, int? Rebuilds)[] expected =
            [("due", 7, 3), ("missing", 7, 2), ("weekly", 7, 10), ("burst", 30, 2), ("stale", null, 0), ("unknown", null, null)];
        Assert.Equal(expected.Select(e => e.Name), repositories.Select(r => r.Name.Split('/')[^1]));
        foreach (var (row, (_, medianDays, rebuilds)) in repositories.Zip(expected))
        {
            Assert.Equal(medianDays * 86_400, row.MedianSeconds);
            if (rebuilds is null)
            {
                Assert.Null(row.RatePerMonth);
            }
            else
            {
                Assert.Equal(rebuilds.Value / month, row.RatePerMonth!.Value, 9);
            }
        }

        Assert.Equal($"/?registry={Uri.EscapeDataString(fleet.Registry.Registry)}&repository=fleet%2Fweekly", repositories.Single(r => r.Name.EndsWith("/weekly", StringComparison.Ordinal)).Href);
        session.AssertCleanAndLocal();
    }

    [Fact]
    public async Task Keyboard_reaches_the_filters_and_the_tag_links_with_a_visible_focus()
    {
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);
        await session.GoAsync("/");

        var focused = new List<string[]>();
        for (var i = 0; i < 60 && !(focused.LastOrDefault() is ["a", var href, _] && href.StartsWith("/tags/", StringComparison.Ordinal)); i++)
        {
            await session.Page.Keyboard.PressAsync("Tab");
            focused.Add(await PageReading.FocusedAsync(session.Page));
        }

        Assert.Equal(["a", "#main"], focused[0].Take(2));
        foreach (var control in new[] { "search", "registry", "repository", "group", "status", "sort", "order", "pageSize" })
        {
            Assert.Contains(focused, f => f[1] == control);
        }

        Assert.Contains(focused, f => f[0] == "button" && f[1] == "Apply");
        Assert.StartsWith("/tags/", focused[^1][1], StringComparison.Ordinal);
        Assert.All(focused, f => Assert.True(f[2] == "True" || f[2] == "true", $"no visible focus on {string.Join(' ', f)}"));

        // Enter on the focused tag link opens the tag's page.
        await session.FollowAsync(() => session.Page.Keyboard.PressAsync("Enter"));
        Assert.Contains("/tags/", session.Page.Url, StringComparison.Ordinal);
        session.AssertCleanAndLocal();
    }

    [Theory]
    [InlineData("/", "narrow-fleet")]
    [InlineData("/vendors", "narrow-vendors")]
    [InlineData("/tags/{burst}", "narrow-tag")]
    public async Task On_a_390_px_phone_nothing_scrolls_sideways(string path, string screenshot)
    {
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!, width: 390, height: 844);

        Assert.Equal(200, await session.GoAsync(path.Replace("{burst}", fleet.Reference("burst"), StringComparison.Ordinal)));

        Assert.Equal(0, await PageReading.HorizontalOverflowAsync(session.Page));
        session.AssertCleanAndLocal();
        await session.ScreenshotAsync(screenshot);
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Pages_follow_the_systems_light_or_dark_preference(ColorScheme scheme)
    {
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!, colorScheme: scheme);
        await session.GoAsync($"/tags/{fleet.Reference("weekly")}");

        var (background, text) = (await Luminance(session.Page, "body", "backgroundColor"), await Luminance(session.Page, "body", "color"));

        Assert.True(scheme == ColorScheme.Dark ? background < 0.1 && text > 0.6 : background > 0.9 && text < 0.1, $"{scheme}: background {background}, text {text}");
        session.AssertCleanAndLocal();
        await session.ScreenshotAsync($"simulated-tag-weekly-{scheme.ToString().ToLowerInvariant()}");
    }

    private async Task<List<string>> ApiReferencesAsync(string query) =>
        [.. (await Host.GetJsonAsync($"/api/tags?{query}")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()!)];

    private static string Duration(double? seconds) => seconds is { } s ? DurationText.Format(TimeSpan.FromSeconds(s)) : "–";

    private static double? Number(JsonElement item, string property) =>
        item.GetProperty(property) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    private static DateTimeOffset? Time(JsonElement item, string property) =>
        item.GetProperty(property) is { ValueKind: JsonValueKind.String } value ? value.GetDateTimeOffset() : null;

    /// <summary>The relative luminance (0 black … 1 white) of an element's computed colour.</summary>
    private static async Task<double> Luminance(IPage page, string selector, string property)
    {
        var rgb = await page.Locator(selector).EvaluateAsync<double[]>($"e => getComputedStyle(e).{property}.match(/[\\d.]+/g).slice(0, 3).map(Number)");
        static double Channel(double c) => c / 255 <= 0.03928 ? c / 255 / 12.92 : Math.Pow(((c / 255) + 0.055) / 1.055, 2.4);
        return (0.2126 * Channel(rgb[0])) + (0.7152 * Channel(rgb[1])) + (0.0722 * Channel(rgb[2]));
    }
}
