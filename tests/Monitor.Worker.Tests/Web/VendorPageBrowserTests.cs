using System.Text.Json;
using Microsoft.Playwright;
using Monitor.Testing;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Web;

/// <summary>
/// The vendor comparison, back-fill marks and age sources of a realistic multi-vendor fleet (<see cref="VendorFleet"/>)
/// in Chromium, and the screenshots the README shows.
/// </summary>
[Collection(OneHostAtATime.Name)]
public sealed class VendorPageBrowserTests(VendorFleet fleet, Chromium chromium) : IClassFixture<VendorFleet>, IClassFixture<Chromium>
{
    /// <summary>Set to 1 to copy the README's screenshots into docs/images (they are always written under TestResults/screenshots).</summary>
    public const string UpdateDocsVariable = "MONITOR_UPDATE_DOC_SCREENSHOTS";

    private const double Day = 86_400;

    private MonitorHost Host => fleet.Host;

    [Fact]
    public async Task Registries_compare_by_the_median_of_their_tags_medians_and_their_mean_monthly_rate()
    {
        var api = (await Host.GetJsonAsync("/api/tags?pageSize=1000")).GetProperty("items").EnumerateArray().ToList();
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);

        Assert.Equal(200, await session.GoAsync("/vendors"));
        var registries = await PageReading.ComparisonRowsAsync(session.Page, "registries-title");

        // By hand (VendorFleet.Tags), the most often rebuilt first.
        Assert.Equal(
            [("cgr.dev", 3, 1 * Day, "1 d"), ("gcr.io", 4, 3 * Day, "3 d"), ("quay.io", 2, 5 * Day, "5 d"), ("ghcr.io", 1, 7 * Day, "7 d"),
             ("docker.io", 7, 12 * Day, "12 d"), ("mcr.microsoft.com", 3, 14 * Day, "14 d")],
            registries.Select(r => (r.Name, r.Tags, r.MedianSeconds!.Value, r.Median)));
        foreach (var row in registries)
        {
            var rates = api.Where(i => i.GetProperty("registry").GetString() == row.Name && i.GetProperty("rebuildsPerMonth").ValueKind == JsonValueKind.Number)
                .Select(i => i.GetProperty("rebuildsPerMonth").GetDouble()).ToList();
            Assert.Equal(rates.Average(), row.RatePerMonth!.Value, 9);
            Assert.Equal(Math.Round(rates.Average(), 1).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture), row.Rate);
            Assert.Equal($"/?registry={row.Name}", row.Href);
        }

        session.AssertCleanAndLocal();
    }

    [Fact]
    public async Task Each_repository_has_its_tags_median_and_links_to_its_tags()
    {
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);
        await session.GoAsync("/vendors");

        var repositories = await PageReading.ComparisonRowsAsync(session.Page, "repositories-title");

        var expected = VendorFleet.Tags.ToDictionary(t => $"{t.Registry}/{t.Repository}", t => t.Every == 0 ? (double?)null : t.Every * Day);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), repositories.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(repositories, r => Assert.Equal(expected[r.Name], r.MedianSeconds));
        Assert.Equal(repositories.Select(r => r.MedianSeconds ?? double.MaxValue).Order(), repositories.Select(r => r.MedianSeconds ?? double.MaxValue));

        await session.FollowAsync(session.Page.GetByRole(AriaRole.Link, new() { Name = "mcr.microsoft.com/dotnet/aspnet", Exact = true }));
        Assert.Equal(["mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled"], await PageReading.FleetReferencesAsync(session.Page));
        session.AssertCleanAndLocal();
    }

    [Fact]
    public async Task A_registrys_repositories_link_narrows_the_repository_comparison()
    {
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);
        await session.GoAsync("/vendors");

        await session.FollowAsync(session.Page.GetByRole(AriaRole.Link, new() { Name = "gcr.io: repositories" }));

        Assert.Equal("By repository of gcr.io", await session.Page.Locator("#repositories-title").TextContentAsync());
        Assert.Equal(
            ["gcr.io/distroless/base-debian12", "gcr.io/distroless/python3-debian12", "gcr.io/distroless/static-debian12", "gcr.io/distroless/java21-debian12"],
            (await PageReading.ComparisonRowsAsync(session.Page, "repositories-title")).Select(r => r.Name));
        Assert.Equal(6, (await PageReading.ComparisonRowsAsync(session.Page, "registries-title")).Count);
        session.AssertCleanAndLocal();
    }

    [Fact]
    public async Task Back_filled_digests_and_events_are_marked()
    {
        const string reference = "cgr.dev/chainguard/static:latest";
        var detail = await Host.GetJsonAsync($"/api/tags/{reference}");
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);

        Assert.Equal(200, await session.GoAsync($"/tags/{reference}"));

        // 120 digests and 119 events: the newest 50 of each, and a link to all.
        Assert.Equal(50, await session.Page.Locator("table.digests tbody tr").CountAsync());
        Assert.StartsWith("The newest 50 of 119 rebuild events", await session.Page.Locator("table.events caption").TextContentAsync(), StringComparison.Ordinal);
        await session.FollowAsync(session.Page.GetByRole(AriaRole.Link, new() { Name = "show all 120" }));
        Assert.EndsWith("?all=true", session.Page.Url, StringComparison.Ordinal);

        var digestMarks = await session.Page.Locator("table.digests tbody tr").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => r.querySelectorAll('td')[4].textContent.trim() + '|' + [...r.querySelectorAll('.mark')].map(m => m.textContent).join(' '))");
        var revisions = detail.GetProperty("revisions").EnumerateArray().Reverse().ToList();
        Assert.Equal(
            revisions.Select(r => r.GetProperty("source").GetString() + "|" + string.Join(' ',
                new[] { r.GetProperty("isBaseline").GetBoolean() ? "baseline" : null, r.GetProperty("source").GetString() == "backfill" ? "back-fill" : null }.OfType<string>())),
            digestMarks);
        Assert.Equal(30, digestMarks.Count(m => m.StartsWith("backfill|", StringComparison.Ordinal)));

        var eventMarks = await session.Page.Locator("table.events tbody tr").EvaluateAllAsync<bool[]>("rows => rows.map(r => r.querySelector('.mark.backfill') !== null)");
        Assert.Equal(detail.GetProperty("events").EnumerateArray().Reverse().Select(e => e.GetProperty("isBackfill").GetBoolean()), eventMarks);
        Assert.Contains(true, eventMarks);
        session.AssertCleanAndLocal();
    }

    [Theory]
    [InlineData("docker.io/library/python:3.13-slim", "pushed", "the registry's push time of the last rebuild")]
    [InlineData("gcr.io/distroless/static-debian12:nonroot", "first-seen", "the poll that first saw the last rebuild")]
    public async Task Tag_page_says_what_the_age_counts_from(string reference, string source, string meaning)
    {
        var summary = (await Host.GetJsonAsync($"/api/tags/{reference}")).GetProperty("summary");
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);

        await session.GoAsync($"/tags/{reference}");

        Assert.Equal(source, summary.GetProperty("ageSource").GetString());
        Assert.Equal(source, await session.Page.Locator(".age-source").TextContentAsync());
        Assert.Contains(meaning, await session.Page.Locator("dd.age").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(summary.GetProperty("ageMeasuredFrom").GetDateTimeOffset(), DateTimeOffset.Parse((await session.Page.Locator("dd.age time").GetAttributeAsync("datetime"))!, System.Globalization.CultureInfo.InvariantCulture));
        session.AssertCleanAndLocal();
    }

    [Fact]
    public async Task A_failing_tag_shows_its_last_error_on_both_pages()
    {
        const string reference = "ghcr.io/home-assistant/home-assistant:stable";
        await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!);

        await session.GoAsync("/?search=home-assistant");
        var row = Assert.Single(await PageReading.FleetRowsAsync(session.Page));
        await session.GoAsync($"/tags/{reference}");

        Assert.Equal((reference, "failing (4×)", VendorFleet.FailingError), (row.Reference, row.Poll, row.LastError));
        Assert.Equal(VendorFleet.FailingError, await session.Page.Locator("dd.error-text").TextContentAsync());
        session.AssertCleanAndLocal();
    }

    /// <summary>The README's screenshots (fleet, vendors, a tag's weekly bars), light, at a desktop width.</summary>
    [Fact]
    public async Task Screenshots_for_the_readme()
    {
        var shots = new (string Name, string Path, int Height)[]
        {
            ("web-fleet", "/", 1000), ("web-vendors", "/vendors", 1000), ("web-tag", "/tags/gcr.io/distroless/static-debian12:nonroot", 1250),
        };
        foreach (var (name, path, height) in shots)
        {
            await using var session = await chromium.OpenAsync(Host.Http.BaseAddress!, width: 1280, height: height);
            Assert.Equal(200, await session.GoAsync(path));
            var file = await session.ScreenshotAsync(name, fullPage: false);
            session.AssertCleanAndLocal();
            Assert.InRange(new FileInfo(file).Length, 10_000, 300_000);
            if (Environment.GetEnvironmentVariable(UpdateDocsVariable) == "1")
            {
                File.Copy(file, RepositoryRoot.Combine($"docs/images/{name}.png"), overwrite: true);
            }
        }
    }
}
