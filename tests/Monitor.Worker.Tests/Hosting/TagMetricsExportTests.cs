using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Testing.Postgres;
using Monitor.Worker.Hosting;
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
        var watchlist = await EmptyWatchlistAsync();
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
        var watchlist = await EmptyWatchlistAsync();
        try
        {
            await using var firstApp = MonitorApplication.Build(["--Urls=http://127.0.0.1:0", $"--WatchlistFile={watchlist}"], first);
            await using var secondApp = MonitorApplication.Build(["--Urls=http://127.0.0.1:0", $"--WatchlistFile={watchlist}"], second);
            await firstApp.StartAsync(TestContext.Current.CancellationToken);
            await secondApp.StartAsync(TestContext.Current.CancellationToken);
            try
            {
                using var firstHttp = new HttpClient { BaseAddress = new Uri(ListeningAddress(firstApp)) };
                using var secondHttp = new HttpClient { BaseAddress = new Uri(ListeningAddress(secondApp)) };
                await WaitUntilLoadedAsync(firstHttp, 3);
                await WaitUntilLoadedAsync(secondHttp, 5);

                var firstLines = (await firstHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken)).Split('\n');
                var secondLines = (await secondHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken)).Split('\n');

                Assert.Equal(3, LastRebuildSeries(firstLines).Count());
                Assert.All(LastRebuildSeries(firstLines), l => Assert.Contains("registry=\"first.example.com\"", l, StringComparison.Ordinal));
                Assert.Equal(5, LastRebuildSeries(secondLines).Count());
                Assert.All(LastRebuildSeries(secondLines), l => Assert.Contains("registry=\"second.example.com\"", l, StringComparison.Ordinal));
                Assert.Single(firstLines, l => l.StartsWith("monitor_tag_series_capped{", StringComparison.Ordinal));
            }
            finally
            {
                await secondApp.StopAsync(TestContext.Current.CancellationToken);
                await firstApp.StopAsync(TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            File.Delete(watchlist);
        }
    }

    private static IEnumerable<string> LastRebuildSeries(string[] lines) =>
        lines.Where(l => l.StartsWith("monitor_tag_last_rebuild_seconds{", StringComparison.Ordinal));

    private static async Task<string> EmptyWatchlistAsync()
    {
        var watchlist = Path.Combine(Path.GetTempPath(), $"monitor-empty-watchlist-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(watchlist, "watchlist:\n  groups: []\n  entries: []\n", TestContext.Current.CancellationToken);
        return watchlist;
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
            SELECT id, NULL, 'sha256:' || id || '-0', 'application/vnd.oci.image.manifest.v1+json', now() - interval '30 days', NULL, 'poll', true, false
            FROM monitor.watched_tag;
            INSERT INTO monitor.tag_revision (watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at, source, is_baseline, is_rollback)
            SELECT watched_tag_id, id, 'sha256:' || watched_tag_id || '-1', media_type, now() - interval '20 days', now() - interval '20 days 15 minutes', 'poll', false, false
            FROM monitor.tag_revision;
            INSERT INTO monitor.tag_revision (watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at, source, is_baseline, is_rollback)
            SELECT watched_tag_id, id, 'sha256:' || watched_tag_id || '-2', media_type, now() - interval '10 days', now() - interval '10 days 15 minutes', 'poll', false, false
            FROM monitor.tag_revision WHERE digest LIKE '%-1';
            UPDATE monitor.watched_tag w SET current_revision_id = r.id, current_digest = r.digest, last_changed_at = r.first_seen_at
            FROM monitor.tag_revision r WHERE r.watched_tag_id = w.id AND r.digest LIKE '%-2';
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
