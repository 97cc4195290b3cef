using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Monitor.Testing.Postgres;
using Monitor.Worker.Hosting;
using Monitor.Worker.Tests.Support;
using Npgsql;

namespace Monitor.Worker.Tests.Hosting;

/// <summary>The Prometheus scrape of the real host: per-tag series up to Cadence:MaxTagSeries, not the SDK's default limit.</summary>
public sealed class TagMetricsExportTests(PostgresServer postgres)
{
    // More than OpenTelemetry's default of 2000 points per metric.
    private const int Tags = 2100;

    [Fact]
    public async Task Every_tag_up_to_MaxTagSeries_is_exported_none_folded_into_an_overflow_series()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        await SeedAsync(connectionString, Tags, "registry.example.com");
        var watchlist = Path.Combine(Path.GetTempPath(), $"monitor-empty-watchlist-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(watchlist, "watchlist:\n  groups: []\n  entries: []\n", TestContext.Current.CancellationToken);
        try
        {
            await using var app = MonitorApplication.Build(
                ["--Urls=http://127.0.0.1:0", $"--WatchlistFile={watchlist}", "--Cadence:MaxTagSeries=5000"], connectionString);
            await app.StartAsync(TestContext.Current.CancellationToken);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(ListeningAddress(app)) };
                await WaitUntilLoadedAsync(http, Tags);

                var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
                var lines = metrics.Split('\n');

                Assert.DoesNotContain("otel_metric_overflow", metrics, StringComparison.Ordinal);
                Assert.Equal(Tags, lines.Count(l => l.StartsWith("monitor_tag_last_rebuild_seconds{", StringComparison.Ordinal)));
                Assert.Equal(Tags, lines.Count(l => l.StartsWith("monitor_tag_rebuild_interval_median_seconds{", StringComparison.Ordinal)));
                Assert.Equal(Tags * 3, lines.Count(l => l.StartsWith("monitor_tag_rebuilds{", StringComparison.Ordinal)));
                Assert.Equal(Tags, lines.Count(l => l.StartsWith("monitor_tag_status{", StringComparison.Ordinal)));
                Assert.DoesNotContain("otel_scope_name", metrics, StringComparison.Ordinal);
                Assert.Contains(lines, l => l.StartsWith("monitor_tag_series_capped", StringComparison.Ordinal) && l.Split(' ')[1] == "0");
                Assert.Contains(lines, l => l.StartsWith("monitor_tag_last_rebuild_seconds{", StringComparison.Ordinal)
                    && l.Contains("registry=\"registry.example.com\"", StringComparison.Ordinal)
                    && l.Contains("repository=\"fleet/r20\"", StringComparison.Ordinal)
                    && l.Contains("tag=\"t2099\"", StringComparison.Ordinal));
            }
            finally
            {
                await app.StopAsync(TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            File.Delete(watchlist);
        }
    }

    [Fact]
    public async Task A_second_host_in_the_same_process_exports_only_its_own_tags()
    {
        var first = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var second = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        await SeedAsync(first, 3, "first.example.com");
        await SeedAsync(second, 5, "second.example.com");
        await using var firstHost = await MonitorHost.StartAsync(first, new FakeTimeProvider(DateTimeOffset.UtcNow));
        await using var secondHost = await MonitorHost.StartAsync(second, new FakeTimeProvider(DateTimeOffset.UtcNow));

        var firstScrape = await firstHost.ScrapeAsync();
        var secondScrape = await secondHost.ScrapeAsync();

        Assert.Equal(Enumerable.Repeat("first.example.com", 3), firstScrape.Find("monitor_tag_last_rebuild_seconds").Select(s => s.Label("registry")));
        Assert.Equal(Enumerable.Repeat("second.example.com", 5), secondScrape.Find("monitor_tag_last_rebuild_seconds").Select(s => s.Label("registry")));
        Assert.Single(firstScrape.Find("monitor_tag_series_capped"));
    }

    /// <summary>Each tag: a baseline 30 days ago and rebuilds 20 and 10 days ago.</summary>
    private static async Task SeedAsync(string connectionString, int tags, string registry)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            INSERT INTO monitor.watched_tag (registry, repository, tag, source, watch_group, added_at, enabled, consecutive_failures, status)
            SELECT '{registry}', 'fleet/r' || (n / 100), 't' || n, 'api', 'base', now() - interval '30 days', true, 0, 'ok'
            FROM generate_series(0, {tags - 1}) AS n;
            INSERT INTO monitor.tag_revision (watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at, source, is_baseline, is_rollback)
            SELECT id, NULL, 'sha256:' || lpad(to_hex(id), 63, '0') || '0', 'application/vnd.oci.image.manifest.v1+json', now() - interval '30 days', NULL, 'poll', true, false
            FROM monitor.watched_tag;
            INSERT INTO monitor.tag_revision (watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at, source, is_baseline, is_rollback)
            SELECT watched_tag_id, id, 'sha256:' || lpad(to_hex(watched_tag_id), 63, '0') || '1', media_type, now() - interval '20 days', now() - interval '20 days 15 minutes', 'poll', false, false
            FROM monitor.tag_revision;
            INSERT INTO monitor.tag_revision (watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at, source, is_baseline, is_rollback)
            SELECT watched_tag_id, id, 'sha256:' || lpad(to_hex(watched_tag_id), 63, '0') || '2', media_type, now() - interval '10 days', now() - interval '10 days 15 minutes', 'poll', false, false
            FROM monitor.tag_revision WHERE digest LIKE '%1';
            UPDATE monitor.watched_tag w SET current_revision_id = r.id, current_digest = r.digest, last_changed_at = r.first_seen_at
            FROM monitor.tag_revision r WHERE r.watched_tag_id = w.id AND r.digest LIKE '%2';
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitUntilLoadedAsync(HttpClient http, int tags)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var response = await http.GetAsync(new Uri("/api/tags?pageSize=1", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (page.RootElement.GetProperty("total").GetInt32() == tags)
                {
                    return;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the snapshot never held {tags} tags");
    }

    private static string ListeningAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
}
