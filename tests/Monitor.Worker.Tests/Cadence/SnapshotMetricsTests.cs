using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Cadence;

/// <summary>
/// <c>/metrics</c> of the real host reads the cadence snapshot: no per-tag queries at scrape time, current right after
/// a refresh, and capped at <c>Cadence:MaxTagSeries</c> tags.
/// </summary>
[Collection(OneHostAtATime.Name)]
public sealed class SnapshotMetricsTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private static readonly DateTimeOffset Day0 = new(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);

    private RegistryServer Registry => registry.Server;

    [Fact]
    public async Task A_scrape_reads_the_snapshot_not_the_database()
    {
        await using var polling = new PollingHost(await postgres.CreateDatabaseAsync(), new FakeTimeProvider(Day0));
        var weekly = await WeeklyTagAsync(polling, rebuilds: 3);
        polling.Time.Advance(TimeSpan.FromDays(1));
        await using var host = await MonitorHost.StartAsync(polling.ConnectionString, polling.Time);
        await host.RefreshAsync();
        var before = PerTagSeries(await host.ScrapeAsync());

        // Behind the snapshot's back: no history left, and the tag row says it is gone.
        await polling.ExecuteAsync("TRUNCATE monitor.tag_revision CASCADE; UPDATE monitor.watched_tag SET status = 'missing', current_revision_id = NULL");
        host.Time.Advance(TimeSpan.FromSeconds(2)); // past the metrics' one-second projection cache: the next scrape projects afresh
        var after = PerTagSeries(await host.ScrapeAsync());
        var recomputed = await host.RefreshAsync();
        var refreshed = PerTagSeries(await host.ScrapeAsync());

        // What was scraped is what only the history could have produced: three rebuilds, a 7-day median, fresh.
        Assert.Contains($"monitor_tag_rebuild_interval_median_seconds{{repository={weekly}}} 604800", before);
        Assert.Contains($"monitor_tag_rebuilds{{repository={weekly},window=90d}} 3", before);
        Assert.Contains($"monitor_tag_status{{repository={weekly},status=fresh}} 1", before);
        Assert.Equal(before, after);

        // Reading the database (here: a refresh) would have shown the change.
        Assert.Equal(1, recomputed);
        Assert.Contains($"monitor_tag_status{{repository={weekly},status=missing}} 1", refreshed);
        Assert.DoesNotContain(refreshed, line => line.StartsWith($"monitor_tag_status{{repository={weekly},status=fresh}}", StringComparison.Ordinal));
        Assert.DoesNotContain(refreshed, line => line.StartsWith("monitor_tag_rebuild_interval_median_seconds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_and_the_api_show_a_refresh_at_once()
    {
        await using var polling = new PollingHost(await postgres.CreateDatabaseAsync(), new FakeTimeProvider(Day0));
        var weekly = await WeeklyTagAsync(polling, rebuilds: 3);
        polling.Time.Advance(TimeSpan.FromDays(1));
        await using var host = await MonitorHost.StartAsync(polling.ConnectionString, polling.Time);
        await host.RefreshAsync();
        var before = await host.ScrapeAsync();

        // A rebuild detected now, on a clock that has not moved since the last scrape.
        await Registry.Pusher.PushImageAsync(weekly, "1");
        await polling.Cycle.RunAsync(PollingHost.Group, CancellationToken.None);
        var recomputed = await host.RefreshAsync();
        var after = await host.ScrapeAsync();
        var item = (await host.GetJsonAsync("/api/tags")).GetProperty("items")[0];

        Assert.Equal(1, recomputed);
        Assert.Equal(3, before.Value("monitor_tag_rebuilds", ("repository", weekly), ("window", "90d")));
        Assert.Equal(4, after.Value("monitor_tag_rebuilds", ("repository", weekly), ("window", "90d")));
        Assert.Equal(4, item.GetProperty("rebuilds90d").GetInt32());
        Assert.Equal(host.Time.GetUtcNow().ToUnixTimeSeconds(), after.Value("monitor_tag_last_rebuild_seconds", ("repository", weekly)));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    public async Task Per_tag_series_are_capped_stalest_first(int cap, int capped)
    {
        // Day 40: "abandoned" was never rebuilt (40 days old: stale), "older" was rebuilt on day 30 (10 days), "newer" on day 38 (2 days).
        await using var polling = new PollingHost(await postgres.CreateDatabaseAsync(), new FakeTimeProvider(Day0));
        var (abandoned, older, newer) = (Unique("abandoned"), Unique("older"), Unique("newer"));
        foreach (var repository in new[] { abandoned, older, newer })
        {
            await Registry.Pusher.PushImageAsync(repository, "1");
            await polling.WatchAsync(Registry.Registry, $"{repository}:1");
        }

        await polling.PollAsync(TimeSpan.Zero);
        await Registry.Pusher.PushImageAsync(older, "1");
        await polling.PollAsync(TimeSpan.FromDays(30));
        await Registry.Pusher.PushImageAsync(newer, "1");
        await polling.PollAsync(TimeSpan.FromDays(8));
        polling.Time.Advance(TimeSpan.FromDays(2));
        await using var host = await MonitorHost.StartAsync(polling.ConnectionString, polling.Time,
            new Dictionary<string, string?> { ["Cadence:MaxTagSeries"] = cap.ToString(CultureInfo.InvariantCulture) });
        await host.RefreshAsync();

        var scrape = await host.ScrapeAsync();

        string[] exported = cap == 2 ? [abandoned, older] : [abandoned, newer, older];
        Assert.Equal(capped, scrape.Value("monitor_tag_series_capped"));
        foreach (var (metric, perTag) in new[] { ("monitor_tag_stale", 1), ("monitor_tag_status", 1), ("monitor_tag_rebuilds", 3), ("monitor_tag_stale_after_seconds", 1) })
        {
            var samples = scrape.Find(metric);
            Assert.Equal(exported.Order(StringComparer.Ordinal), samples.Select(s => s.Label("repository")).Distinct().Order(StringComparer.Ordinal));
            Assert.Equal(exported.Length * perTag, samples.Count);
        }

        Assert.Equal(1, scrape.Value("monitor_tag_stale", ("repository", abandoned)));
        Assert.Equal(1, scrape.Value("monitor_tags_watched", ("status", "stale")));
        Assert.Equal(2, scrape.Value("monitor_tags_watched", ("status", "fresh")));
        Assert.Equal(3, scrape.Find("monitor_tags_watched").Sum(s => s.Value));
        Assert.Equal(3, (await host.GetJsonAsync("/api/tags")).GetProperty("total").GetInt32());
    }

    /// <summary>A tag with a baseline now and a rebuild every 7 days after it; returns its repository.</summary>
    private async Task<string> WeeklyTagAsync(PollingHost polling, int rebuilds)
    {
        var repository = Unique("weekly");
        await Registry.Pusher.PushImageAsync(repository, "1");
        await polling.WatchAsync(Registry.Registry, $"{repository}:1");
        await polling.PollAsync(TimeSpan.Zero);
        for (var week = 1; week <= rebuilds; week++)
        {
            await Registry.Pusher.PushImageAsync(repository, "1");
            await polling.PollAsync(TimeSpan.FromDays(7));
        }

        return repository;
    }

    /// <summary>Every per-tag sample as <c>name{repository=…,…} value</c>, sorted; scope and target labels left out.</summary>
    private static List<string> PerTagSeries(PrometheusScrape scrape) =>
    [
        .. scrape.Samples
            .Where(s => s.Name.StartsWith("monitor_tag_", StringComparison.Ordinal) && s.Labels.ContainsKey("repository"))
            .Select(s => $"{s.Name}{{{string.Join(",", s.Labels.Where(l => l.Key is "repository" or "window" or "status").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}}} {s.Value.ToString(CultureInfo.InvariantCulture)}")
            .Order(StringComparer.Ordinal),
    ];

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
