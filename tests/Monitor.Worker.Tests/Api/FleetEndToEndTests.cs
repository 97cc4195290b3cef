using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Worker.Cli;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Api;

/// <summary>
/// The tag API, the tag detail, <c>report --json</c> and <c>/metrics</c> of the real host over a history built by
/// really pushing and polling (<see cref="SimulatedFleet"/>): each agrees with numbers worked out by hand from
/// docs/cadence.md, and with the others.
/// </summary>
[Collection(OneHostAtATime.Name)]
public sealed class FleetEndToEndTests(SimulatedFleet fleet) : IClassFixture<SimulatedFleet>
{
    private const double Day = 86_400;

    /// <summary>
    /// By hand, at day 72.5 (2026-03-18 18:00 UTC), with the default policy (max age 30 d, k = 3, due factor 1.5) and a 6 h settle window:
    /// <list type="bullet">
    /// <item>weekly: 10 events (days 7…70), every interval 7 d → median 7 d; last day 70 (2026-03-16 06:00); age 2.5 d;
    /// stale after min(30 d, 3 × 7 d) = 21 d, due after 10.5 d → fresh. Windows from day 65.5 / 42.5 / −17.5: 1, 4 (49, 56, 63, 70), 10.</item>
    /// <item>burst: the day-50 push and the one 3 h later are one event → events day 20 and 50, median 30 d; last 2026-02-24 06:00;
    /// age 22.5 d; stale after min(30 d, 90 d) = 30 d (max age), due after 45 d → fresh. Windows: 0, 1, 2.</item>
    /// <item>due: events days 46, 53, 60, median 7 d; last 2026-03-06 06:00; age 12.5 d &gt; 10.5 d but ≤ 21 d → due. Windows: 0, 3, 3.</item>
    /// <item>stale: no event; age counts from the baseline (day 27.5) = 45 d &gt; 30 d → stale; no last rebuild, no median.</item>
    /// <item>missing: events days 10 and 17, median 7 d; last 2026-01-22 06:00; the tag is gone → missing (age 55.5 d). Windows: 0, 0, 2.</item>
    /// <item>unknown: no history → unknown, no age; stale after is the max age.</item>
    /// </list>
    /// </summary>
    private static readonly Expected[] HandComputed =
    [
        new("weekly", "fresh", Utc("2026-03-16T06:00:00Z"), 7 * Day, 1, 4, 10, 10, 2.5 * Day, 21 * Day, "MedianInterval"),
        new("burst", "fresh", Utc("2026-02-24T06:00:00Z"), 30 * Day, 0, 1, 2, 2, 22.5 * Day, 30 * Day, "MaxAge"),
        new("due", "due", Utc("2026-03-06T06:00:00Z"), 7 * Day, 0, 3, 3, 3, 12.5 * Day, 21 * Day, "MedianInterval"),
        new("stale", "stale", null, null, 0, 0, 0, 0, 45 * Day, 30 * Day, "MaxAge"),
        new("missing", "missing", Utc("2026-01-22T06:00:00Z"), 7 * Day, 0, 0, 2, 2, 55.5 * Day, 21 * Day, "MedianInterval"),
        new("unknown", "unknown", null, null, 0, 0, 0, 0, null, 30 * Day, "MaxAge"),
    ];

    private static readonly string[] AllStatuses = ["fresh", "due", "stale", "unknown", "missing"];

    public static TheoryData<string> Names => [.. SimulatedFleet.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Tag_list_shows_the_hand_computed_cadence_and_status(string name)
    {
        var expected = HandComputed.Single(e => e.Name == name);

        var item = await ListItemAsync(name);

        Assert.Equal(expected.Status, item.GetProperty("status").GetString());
        Assert.Equal(expected.LastRebuild, Time(item, "lastRebuildAt"));
        Assert.Equal(expected.MedianSeconds, Number(item, "medianIntervalSeconds"));
        Assert.Equal((expected.Rebuilds7d, expected.Rebuilds30d, expected.Rebuilds90d),
            (item.GetProperty("rebuilds7d").GetInt32(), item.GetProperty("rebuilds30d").GetInt32(), item.GetProperty("rebuilds90d").GetInt32()));
        Assert.Equal(expected.Events, item.GetProperty("rebuildEvents").GetInt32());
        Assert.Equal(expected.AgeSeconds, Number(item, "ageSeconds"));
        Assert.Equal(expected.StaleAfterSeconds, Number(item, "staleAfterSeconds"));
        Assert.Equal(expected.StaleAfterRule, item.GetProperty("staleAfterRule").GetString());
        Assert.Equal(expected.LastRebuild + (expected.MedianSeconds is { } median ? TimeSpan.FromSeconds(median) : null), Time(item, "nextRebuildExpectedAt"));
    }

    [Theory]
    // The registry here reports no push times: every age counts from a poll's first sighting.
    [InlineData("weekly", "first-seen", "2026-03-16T06:00:00Z", "fresh: 2.5 d since the last rebuild ≤ 1.5 × median 7 d")]
    [InlineData("burst", "first-seen", "2026-02-24T06:00:00Z", "fresh: 22.5 d since the last rebuild ≤ max age 30 d")]
    [InlineData("due", "first-seen", "2026-03-06T06:00:00Z", "due: 12.5 d since the last rebuild > 1.5 × median 7 d")]
    [InlineData("stale", "first-seen", "2026-02-01T18:00:00Z", "stale: 45 d since first seen > max age 30 d")]
    [InlineData("missing", "first-seen", "2026-01-22T06:00:00Z", "missing: the registry answers 404")]
    [InlineData("unknown", null, null, "unknown: no digest seen yet")]
    public async Task Tag_list_says_why_each_status_and_what_the_age_counts_from(string name, string? ageSource, string? ageMeasuredFrom, string explanation)
    {
        var item = await ListItemAsync(name);

        Assert.Equal(explanation, item.GetProperty("statusExplanation").GetString());
        Assert.Equal(ageSource, item.GetProperty("ageSource").GetString());
        Assert.Equal(ageMeasuredFrom is null ? null : Utc(ageMeasuredFrom), Time(item, "ageMeasuredFrom"));
    }

    [Theory]
    // Rebuild events over the observed span (from the first sighting) in weeks and in mean months of 30.436875 days.
    [InlineData("weekly", 10 / (72.5 / 7), 10 / (72.5 / 30.436875))]
    [InlineData("burst", 2 / (72.5 / 7), 2 / (72.5 / 30.436875))]
    [InlineData("stale", 0.0, 0.0)]
    public async Task Tag_list_rates_are_rebuilds_per_observed_week_and_month(string name, double perWeek, double perMonth)
    {
        var item = await ListItemAsync(name);

        Assert.Equal(perWeek, Number(item, "rebuildsPerWeek")!.Value, 9);
        Assert.Equal(perMonth, Number(item, "rebuildsPerMonth")!.Value, 9);
        Assert.Null(Number(await ListItemAsync("unknown"), "rebuildsPerWeek"));
    }

    [Fact]
    public async Task Tag_list_reports_the_whole_fleet_as_of_the_snapshot()
    {
        var page = await fleet.Host.GetJsonAsync("/api/tags");

        Assert.Equal(6, page.GetProperty("total").GetInt32());
        Assert.Equal(SimulatedFleet.Now, page.GetProperty("snapshotAt").GetDateTimeOffset());
        Assert.Equal(
            SimulatedFleet.Names.Select(fleet.Reference).Order(StringComparer.Ordinal),
            page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("status=fresh", new[] { "burst", "weekly" })]
    [InlineData("status=missing", new[] { "missing" })]
    [InlineData("status=due", new[] { "due" })]
    [InlineData("group=other", new[] { "unknown" })]
    [InlineData("repository=fleet/stale", new[] { "stale" })]
    [InlineData("registry=docker.io", new string[0])]
    public async Task Tag_list_filters(string query, string[] names)
    {
        var page = await fleet.Host.GetJsonAsync($"/api/tags?sort=reference&order=asc&{query}");

        Assert.Equal([.. names.Select(fleet.Reference)], References(page));
        Assert.Equal(names.Length, page.GetProperty("total").GetInt32());
    }

    [Theory]
    // Ages: missing 55.5 d, stale 45, burst 22.5, due 12.5, weekly 2.5; unknown has none and sorts last either way.
    [InlineData("", new[] { "missing", "stale", "burst", "due", "weekly", "unknown" })]
    [InlineData("sort=age&order=asc", new[] { "weekly", "due", "burst", "stale", "missing", "unknown" })]
    // Medians: due, missing, weekly 7 d (ties by reference), burst 30 d; stale and unknown have none.
    [InlineData("sort=median&order=asc", new[] { "due", "missing", "weekly", "burst", "stale", "unknown" })]
    [InlineData("sort=rebuilds30d", new[] { "weekly", "due", "burst", "missing", "stale", "unknown" })]
    [InlineData("sort=reference&order=desc", new[] { "weekly", "unknown", "stale", "missing", "due", "burst" })]
    public async Task Tag_list_sorts(string query, string[] names)
    {
        var page = await fleet.Host.GetJsonAsync($"/api/tags?{query}");

        Assert.Equal([.. names.Select(fleet.Reference)], References(page));
    }

    [Fact]
    public async Task Tag_list_pages_through_the_sorted_fleet()
    {
        var second = await fleet.Host.GetJsonAsync("/api/tags?pageSize=2&page=2");
        var beyond = await fleet.Host.GetJsonAsync("/api/tags?pageSize=2&page=4");

        Assert.Equal([fleet.Reference("burst"), fleet.Reference("due")], References(second));
        Assert.Equal((6, 2, 2), (second.GetProperty("total").GetInt32(), second.GetProperty("page").GetInt32(), second.GetProperty("pageSize").GetInt32()));
        Assert.Empty(References(beyond));
        Assert.Equal(6, beyond.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Detail_counts_the_multi_arch_burst_once_and_gap_fills_the_buckets()
    {
        var detail = await fleet.Host.GetJsonAsync($"/api/tags/{fleet.Reference("burst")}");

        var revisions = detail.GetProperty("revisions").EnumerateArray().ToList();
        Assert.Equal(4, revisions.Count);
        Assert.Equal([true, false, false, false], revisions.Select(r => r.GetProperty("isBaseline").GetBoolean()));
        Assert.All(revisions, r => Assert.Equal(
            ["linux/amd64=", "linux/arm64/v8="],
            r.GetProperty("platforms").EnumerateArray().Select(p => p.GetString()![..(p.GetString()!.IndexOf('=', StringComparison.Ordinal) + 1)])));

        var events = detail.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal([Utc("2026-01-25T06:00:00Z"), Utc("2026-02-24T06:00:00Z")], events.Select(e => e.GetProperty("time").GetDateTimeOffset()));
        Assert.Equal([1, 2], events.Select(e => e.GetProperty("changes").GetInt32()));
        Assert.All(events, e => Assert.Equal("Detected", e.GetProperty("timeSource").GetString()));

        // The burst was detected between the last quiet check (day 49, the weekly tag's poll) and its last change (day 50 + 3 h).
        Assert.Equal(Utc("2026-02-23T06:00:00Z"), events[1].GetProperty("detectedAfter").GetDateTimeOffset());
        Assert.Equal(Utc("2026-02-24T09:00:00Z"), events[1].GetProperty("detectedBy").GetDateTimeOffset());
        Assert.Equal(revisions[3].GetProperty("digest").GetString(), events[1].GetProperty("digest").GetString());

        // ISO weeks 2026-W02 (from Monday 5 January) to 2026-W12 (this week): day 20 is Sunday 25 January (W04), day 50 Tuesday 24 February (W09).
        Assert.Equal(
            [("2026-W02", 0), ("2026-W03", 0), ("2026-W04", 1), ("2026-W05", 0), ("2026-W06", 0), ("2026-W07", 0),
             ("2026-W08", 0), ("2026-W09", 1), ("2026-W10", 0), ("2026-W11", 0), ("2026-W12", 0)],
            Buckets(detail, "weekly"));
        Assert.Equal(new DateOnly(2026, 1, 19), DateOnly.Parse(detail.GetProperty("weekly")[2].GetProperty("start").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal([("2026-01", 1), ("2026-02", 1), ("2026-03", 0)], Buckets(detail, "monthly"));
    }

    [Fact]
    public async Task Detail_of_the_weekly_tag_has_one_rebuild_in_each_week_after_the_first()
    {
        var detail = await fleet.Host.GetJsonAsync($"/api/tags/{fleet.Reference("weekly")}");

        Assert.Equal(
            [.. Enumerable.Range(2, 11).Select(week => ($"2026-W{week:D2}", week == 2 ? 0 : 1))],
            Buckets(detail, "weekly"));
        Assert.Equal([("2026-01", 3), ("2026-02", 4), ("2026-03", 3)], Buckets(detail, "monthly"));
        Assert.Equal(11, detail.GetProperty("revisions").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Detail_summary_computed_from_the_database_equals_the_snapshot_list_item(string name)
    {
        var detail = await fleet.Host.GetJsonAsync($"/api/tags/{fleet.Reference(name)}");
        var item = await ListItemAsync(name);

        AssertSameJson(item, detail.GetProperty("summary"));
    }

    [Fact]
    public async Task Report_json_lists_the_same_tags_as_the_api_stalest_first()
    {
        var page = await fleet.Host.GetJsonAsync("/api/tags");
        using var output = new StringWriter();
        using var error = new StringWriter();

        // The report verb as the executable runs it (configuration from a command-line override), on the fleet's clock.
        var exit = await MonitorCommandLine.InvokeAsync(
            ["report", "--json", $"--ConnectionStrings:Monitor={fleet.ConnectionString}"],
            new InvocationConfiguration { Output = output, Error = error },
            services => services.AddSingleton<TimeProvider>(fleet.Host.Time));

        Assert.True(exit == 0, error.ToString());
        var report = JsonDocument.Parse(output.ToString()).RootElement.EnumerateArray().ToList();
        Assert.Equal(
            [.. new[] { "missing", "stale", "due", "burst", "weekly", "unknown" }.Select(fleet.Reference)],
            report.Select(r => r.GetProperty("reference").GetString()));
        var api = page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("reference").GetString()!);
        Assert.All(report, line => AssertSameJson(api[line.GetProperty("reference").GetString()!], line));
    }

    [Fact]
    public async Task Report_json_of_the_executable_is_nothing_but_json_on_standard_output()
    {
        await using var process = MonitorProcess.Start(AppContext.BaseDirectory,
            new Dictionary<string, string?> { ["ConnectionStrings__Monitor"] = fleet.ConnectionString }, "report", "--json");

        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, process.Output);
        using var report = JsonDocument.Parse(process.StandardOutput);
        var statuses = report.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("reference").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal(SimulatedFleet.Names.Select(fleet.Reference).Order(StringComparer.Ordinal), statuses.Keys.Order(StringComparer.Ordinal));

        // The executable judges at the wall clock; these two do not depend on when that is.
        Assert.Equal(("missing", "unknown"), (statuses[fleet.Reference("missing")], statuses[fleet.Reference("unknown")]));
    }

    [Fact]
    public async Task Report_table_written_to_a_pipe_keeps_every_name_whole_on_its_row()
    {
        // Standard output is a pipe here, as in `monitor report > file`: no terminal width to wrap to, no colour codes.
        await using var process = MonitorProcess.Start(AppContext.BaseDirectory,
            new Dictionary<string, string?> { ["ConnectionStrings__Monitor"] = fleet.ConnectionString }, "report");

        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, process.Output);
        var lines = process.StandardOutput.Split('\n');
        Assert.DoesNotContain('\u001b', process.StandardOutput);
        var rows = SimulatedFleet.Names.ToDictionary(name => name, name => Assert.Single(lines, line => line.Contains(fleet.Reference(name), StringComparison.Ordinal)));

        // The executable judges at the wall clock; these two statuses do not depend on when that is.
        Assert.Contains(" missing ", rows["missing"], StringComparison.Ordinal);
        Assert.Contains(" unknown ", rows["unknown"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Metrics_show_the_hand_computed_values_and_agree_with_the_api(string name)
    {
        var expected = HandComputed.Single(e => e.Name == name);
        var item = await ListItemAsync(name);

        var scrape = await fleet.Host.ScrapeAsync();

        var tag = Labels(name);
        Assert.Equal(expected.LastRebuild?.ToUnixTimeSeconds(), scrape.Value("monitor_tag_last_rebuild_seconds", tag));
        Assert.Equal(expected.MedianSeconds, scrape.Value("monitor_tag_rebuild_interval_median_seconds", tag));
        Assert.Equal(expected.Rebuilds7d, scrape.Value("monitor_tag_rebuilds", [.. tag, ("window", "7d")]));
        Assert.Equal(expected.Rebuilds30d, scrape.Value("monitor_tag_rebuilds", [.. tag, ("window", "30d")]));
        Assert.Equal(expected.Rebuilds90d, scrape.Value("monitor_tag_rebuilds", [.. tag, ("window", "90d")]));
        Assert.Equal(expected.Status == "stale" ? 1 : 0, scrape.Value("monitor_tag_stale", tag));
        Assert.Equal(expected.StaleAfterSeconds, scrape.Value("monitor_tag_stale_after_seconds", tag));
        // One status series per tag: its current status, 1; the others are absent.
        Assert.All(AllStatuses, status =>
            Assert.Equal(status == expected.Status ? 1 : null, scrape.Value("monitor_tag_status", [.. tag, ("status", status)])));

        // The same numbers as the API's view of the tag.
        Assert.Equal(Time(item, "lastRebuildAt")?.ToUnixTimeSeconds(), scrape.Value("monitor_tag_last_rebuild_seconds", tag));
        Assert.Equal(Number(item, "medianIntervalSeconds"), scrape.Value("monitor_tag_rebuild_interval_median_seconds", tag));
        Assert.Equal(Number(item, "p90IntervalSeconds"), scrape.Value("monitor_tag_rebuild_interval_p90_seconds", tag));
        Assert.Equal(item.GetProperty("rebuilds30d").GetInt32(), scrape.Value("monitor_tag_rebuilds", [.. tag, ("window", "30d")]));
        Assert.Equal(1, scrape.Value("monitor_tag_status", [.. tag, ("status", item.GetProperty("status").GetString()!)]));
    }

    [Fact]
    public async Task Metrics_count_watched_tags_per_status_and_export_every_tag_under_the_cap()
    {
        var scrape = await fleet.Host.ScrapeAsync();

        Assert.Equal(
            SimulatedFleet.Names.Select(SimulatedFleet.Repository).Order(StringComparer.Ordinal),
            scrape.Find("monitor_tag_stale").Select(s => s.Label("repository")).Order(StringComparer.Ordinal));

        Assert.Equal(
            [("due", 1.0), ("fresh", 2.0), ("missing", 1.0), ("stale", 1.0), ("unknown", 1.0)],
            AllStatuses.Order(StringComparer.Ordinal).Select(s => (s, scrape.Value("monitor_tags_watched", ("status", s)) ?? -1)));
        Assert.Equal(0, scrape.Value("monitor_tag_series_capped"));
        Assert.Equal(
            SimulatedFleet.Names.Select(SimulatedFleet.Repository).Order(StringComparer.Ordinal),
            scrape.Find("monitor_tag_stale").Select(s => s.Label("repository")).Order(StringComparer.Ordinal));
        Assert.All(scrape.Find("monitor_tag_stale"), s => Assert.Equal(
            (fleet.Registry.Registry, "latest", s.Label("repository") == "fleet/unknown" ? SimulatedFleet.OtherGroup : "default"),
            (s.Label("registry"), s.Label("tag"), s.Label("group"))));
        Assert.DoesNotContain("sha256:", scrape.Text, StringComparison.Ordinal);
    }

    private (string, string)[] Labels(string name) =>
        [("registry", fleet.Registry.Registry), ("repository", SimulatedFleet.Repository(name)), ("tag", "latest")];

    private async Task<JsonElement> ListItemAsync(string name)
    {
        var page = await fleet.Host.GetJsonAsync("/api/tags");
        return page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("reference").GetString() == fleet.Reference(name));
    }

    private static List<string> References(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()!)];

    private static List<(string, int)> Buckets(JsonElement detail, string property) =>
        [.. detail.GetProperty(property).EnumerateArray().Select(b => (b.GetProperty("label").GetString()!, b.GetProperty("rebuilds").GetInt32()))];

    private static double? Number(JsonElement item, string property) =>
        item.GetProperty(property) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    private static DateTimeOffset? Time(JsonElement item, string property) =>
        item.GetProperty(property) is { ValueKind: JsonValueKind.String } value ? value.GetDateTimeOffset() : null;

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static void AssertSameJson(JsonElement expected, JsonElement actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.GetRawText()), JsonNode.Parse(actual.GetRawText())),
            $"expected {expected.GetRawText()}\nbut got {actual.GetRawText()}");

    private sealed record Expected(
        string Name, string Status, DateTimeOffset? LastRebuild, double? MedianSeconds, int Rebuilds7d, int Rebuilds30d, int Rebuilds90d,
        int Events, double? AgeSeconds, double StaleAfterSeconds, string StaleAfterRule);
}
