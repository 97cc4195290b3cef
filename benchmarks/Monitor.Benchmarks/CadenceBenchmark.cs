using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Data.LocalServer;
using Monitor.Testing;
using Npgsql;

namespace Monitor.Benchmarks;

/// <summary>
/// Seeds N tags × D daily rebuilds straight into PostgreSQL, starts the real service against it (under GNU time for
/// peak RSS) and measures the cadence snapshot refresh, the fleet and detail API and a <c>/metrics</c> scrape.
/// </summary>
internal static partial class CadenceBenchmark
{
    /// <summary>Longer than the exporter's scrape cache (300 ms) and TagMetrics' projection cache (1 s): every scrape does the work.</summary>
    private static readonly TimeSpan ScrapeGap = TimeSpan.FromMilliseconds(1100);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private const int WarmUp = 5;

    /// <summary>What is measured and its target (null: measured, no target).</summary>
    private static readonly (string Name, double? TargetMs)[] Targets =
    [
        ("snapshot refresh, cold start (every tag from stored summaries)", 1000),
        ("GET /api/tags (first page of 100, by age)", 1000),
        ("GET /api/tags?pageSize=1000", 1000),
        ("GET /api/tags/{tag} (single-arch)", 20),
        ("GET /api/tags/{tag} (multi-arch, 2 platforms)", 20),
        ("GET /metrics", 500),
        ("GET / (fleet page, first page of 100, by age)", 100),
        ("GET /tags/{tag} (tag page, multi-arch: charts, events and digests)", 100),
        ("GET /vendors (vendor comparison of the whole fleet)", null),
    ];

    /// <param name="memoryLimitMb">When &gt; 0, every start of the service runs inside a memory cgroup with this limit.</param>
    public static async Task<string> RunAsync(int tagCount, int days, int repetitions, int runs, int changedTags, int maxTagSeries, int memoryLimitMb)
    {
        var scratch = Directory.CreateTempSubdirectory("monitor-bench-cadence-").FullName;
        File.SetUnixFileMode(scratch, (UnixFileMode)0b111_101_101);
        // A throwaway cluster: durability off for the bulk load (it changes nothing for reads).
        await using var postgres = await LocalPostgresCluster.StartAsync(new LocalPostgresSettings(
            Path.Combine(scratch, "pg"),
            ServerSettings: new Dictionary<string, string>
            {
                ["fsync"] = "off",
                ["synchronous_commit"] = "off",
                ["full_page_writes"] = "off",
                ["max_wal_size"] = "8GB",
                ["shared_buffers"] = "256MB",
                ["maintenance_work_mem"] = "256MB",
            }), NullLogger.Instance);

        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Monitor"] = postgres.ConnectionString,
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["WatchlistFile"] = WriteEmptyWatchlist(scratch),
            ["Cadence__MaxTagSeries"] = maxTagSeries.ToString(CultureInfo.InvariantCulture),
            ["Cadence__RefreshInterval"] = RefreshInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Monitor.Worker.Cadence"] = "Information",
        };
        var migrate = await BenchmarkEnvironment.RunMonitorAsync(environment, "migrate");
        if (migrate.ExitCode != 0)
        {
            throw new InvalidOperationException($"migrate exited with {migrate.ExitCode}:\n{migrate.Output}");
        }

        Console.WriteLine($"seeding {tagCount:N0} tags × {days} days ...");
        var seed = await CadenceSeed.RunAsync(postgres.ConnectionString, tagCount, days);
        Console.WriteLine($"seeded {seed.Revisions:N0} revisions and {seed.Platforms:N0} platform rows in {seed.Insert.TotalSeconds:0.0} s " +
            $"(verified in {seed.Verify.TotalSeconds:0.0} s, VACUUM ANALYZE {seed.Analyze.TotalSeconds:0.0} s)");
        var (tableSize, databaseSize) = await SizesAsync(postgres.ConnectionString);

        // Tag numbers as CadenceSeed lays them out: every tenth tag is multi-arch.
        var multiArch = await ReferenceAsync(postgres.ConnectionString, seed.TagIdBase + ((tagCount / 20 * 10) % tagCount) + 1);
        var singleArch = await ReferenceAsync(postgres.ConnectionString, seed.TagIdBase + ((tagCount / 20 * 10) + 1) % tagCount + 1);
        var requests = new (string Name, string Path, bool Spaced)[]
        {
            (Targets[1].Name, "/api/tags", false),
            (Targets[2].Name, "/api/tags?pageSize=1000", false),
            (Targets[3].Name, "/api/tags/" + singleArch, false),
            (Targets[4].Name, "/api/tags/" + multiArch, false),
            (Targets[5].Name, "/metrics", true),
            (Targets[6].Name, "/", false),
            (Targets[7].Name, "/tags/" + multiArch, false),
            (Targets[8].Name, "/vendors", false),
        };

        var samples = requests.ToDictionary(r => r.Name, _ => new List<double>());
        var sizes = new Dictionary<string, long>();
        var cold = new List<double>();
        var incremental = new List<double>();
        var firstRequest = new List<double>();
        var startup = new List<double>();
        var memory = new List<MonitorService.Stopped>();
        var load = new List<string>();
        var series = (Series: 0, Tags: 0, Overflow: false);
        // With a limit, the service runs from its own copy of the runtime and of its files, as from a container image.
        var install = memoryLimitMb > 0 ? PrivateInstall.Create(Path.Combine(scratch, "install")) : PrivateInstall.Shared;
        var backfill = await BackfillAsync(environment, install, port, tagCount, memoryLimitMb);
        for (var run = 1; run <= runs; run++)
        {
            load.Add(LoadAverage());
            Console.WriteLine($"run {run}/{runs} (load {load[^1]})");
            await using var service = await MonitorService.StartAsync(environment, install, memoryLimitMb, $"run{run}");
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };

            var refreshed = await service.WaitForLineAsync(Refreshed(), 0, TimeSpan.FromMinutes(5));
            if (refreshed.Groups["loaded"].Value != tagCount.ToString(CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"a restart was to load every tag from stored summaries: {refreshed.Value}");
            }

            cold.Add(double.Parse(refreshed.Groups["ms"].Value, CultureInfo.InvariantCulture));
            await WaitUntilLoadedAsync(client, tagCount);
            startup.Add(service.Uptime.TotalMilliseconds);
            Console.WriteLine($"  cold refresh: {refreshed.Groups["loaded"].Value} tags from stored summaries in {cold[^1]:0} ms; loaded and ready {startup[^1]:0} ms after start");

            var (first, _) = await GetAsync(client, "/api/tags");
            firstRequest.Add(first);
            foreach (var (_, path, spaced) in requests)
            {
                for (var i = 0; i < WarmUp; i++)
                {
                    await GetAsync(client, path);
                    await Task.Delay(spaced ? ScrapeGap : TimeSpan.Zero);
                }
            }

            foreach (var (name, path, spaced) in requests)
            {
                for (var i = 0; i < repetitions; i++)
                {
                    if (spaced)
                    {
                        await Task.Delay(ScrapeGap);
                    }

                    var (ms, body) = await GetAsync(client, path);
                    samples[name].Add(ms);
                    sizes[name] = body.Length;
                    if (path == "/metrics")
                    {
                        series = CountSeries(body);
                    }
                }

                Console.WriteLine($"  {name}: median {Median(samples[name].TakeLast(repetitions)):0.0} ms");
            }

            // A poll cycle that saw `changedTags` rebuilds: the next refresh recomputes those tags only.
            var mark = service.LineCount;
            await AdvanceTagsAsync(postgres.ConnectionString, seed.TagIdBase, tagCount, changedTags, run);
            var partial = await service.WaitForLineAsync(Refreshed(), mark, RefreshInterval + TimeSpan.FromSeconds(30));
            incremental.Add(double.Parse(partial.Groups["ms"].Value, CultureInfo.InvariantCulture));
            Console.WriteLine($"  incremental refresh: {partial.Groups["recomputed"].Value} tags recomputed in {incremental[^1]:0} ms");

            var stopped = await service.StopAsync();
            memory.Add(stopped);
            Console.WriteLine($"  stopped (exit {stopped.ExitCode}), {MemoryLine(stopped)}");
        }

        load.Add(LoadAverage());
        var idle = await IdleAsync(postgres.ConnectionString, environment, install, port, memoryLimitMb);

        // Stopped before its folder goes: stopping takes the cluster's lock files, and waited for deleted ones until it gave up.
        await postgres.StopAsync();
        Directory.Delete(scratch, recursive: true);
        return Report(tagCount, days, repetitions, runs, changedTags, memoryLimitMb, seed, tableSize, databaseSize, singleArch, multiArch,
            samples, sizes, backfill, cold, incremental, firstRequest, startup, memory, load, series, idle);
    }

    private static string MemoryLine(MonitorService.Stopped stopped)
    {
        var line = $"peak RSS {stopped.PeakRssKb / 1024.0:0} MB (sampled: anonymous + shared {stopped.PeakAnonAndShmemKb / 1024.0:0} MB at most)";
        return stopped.Limited is { } cgroup
            ? $"{line}; cgroup: peak charge {cgroup.PeakBytes / 1048576.0:0} MB, limit reached {cgroup.LimitHits:N0} times, {cgroup.OomKills} OOM kills, {cgroup.FileRefaults:N0} file pages read in again"
            : line;
    }

    private static string Report(
        int tagCount, int days, int repetitions, int runs, int changedTags, int memoryLimitMb, CadenceSeed.Result seed, string tableSize, string databaseSize,
        string singleArch, string multiArch, Dictionary<string, List<double>> samples, Dictionary<string, long> sizes, Backfill backfill, List<double> cold,
        List<double> incremental, List<double> firstRequest, List<double> startup, List<MonitorService.Stopped> memory, List<string> load,
        (int Series, int Tags, bool Overflow) series, MonitorService.Stopped idle)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"### Cadence and API: {tagCount:N0} tags × {days} rebuilds ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {CpuModel()}, .NET {Environment.Version})");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Seed: {seed.Revisions:N0} revisions and {seed.Platforms:N0} platform rows (every tenth tag multi-arch) in **{seed.Insert.TotalSeconds:0.0} s** " +
            $"({seed.Revisions / seed.Insert.TotalSeconds:N0} revisions/s); checks {seed.Verify.TotalSeconds:0.0} s, VACUUM ANALYZE {seed.Analyze.TotalSeconds:0.0} s; " +
            $"tag_revision {tableSize} with indexes, database {databaseSize}.");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"{runs} service runs; per run {WarmUp} warm-up requests per endpoint, then {repetitions} timed, sequential, keep-alive (time to last byte); " +
            $"scrapes {ScrapeGap.TotalMilliseconds:0} ms apart so neither scrape cache answers. Load average (1/5/15 min) at each run's start and at the end: {string.Join("; ", load)}.");
        report.AppendLine();
        report.AppendLine("| measurement | target | median | p95 | min | max | samples | response |");
        report.AppendLine("|---|---|---|---|---|---|---|---|");
        Row(report, "snapshot refresh, first start after seeding (every tag recomputed from history and stored)", null, [backfill.RefreshMs], null);
        Row(report, Targets[0].Name, Targets[0].TargetMs, cold, null);
        Row(report, $"snapshot refresh, {changedTags} tags changed", null, incremental, null);
        foreach (var (name, target) in Targets.Skip(1))
        {
            Row(report, name, target, samples[name], sizes[name]);
        }

        MegabyteRow(report, "peak RSS of the service (max over runs)", 200, memory.Select(m => m.PeakRssKb / 1024.0).ToList());
        MegabyteRow(report, "of it anonymous + shared, sampled every 100 ms (not reclaimable)", null, memory.Select(m => m.PeakAnonAndShmemKb / 1024.0).ToList());
        if (memoryLimitMb > 0)
        {
            MegabyteRow(report, $"peak memory charged to the service's cgroup (limit {memoryLimitMb} MB)", memoryLimitMb,
                memory.Select(m => m.Limited!.PeakBytes / 1048576.0).ToList(), verdict: false);
        }

        report.AppendLine();
        var peak = memory.MaxBy(m => m.PeakRssKb)!.PeakSample;
        report.AppendLine(CultureInfo.InvariantCulture,
            $"At the highest sampled RSS ({peak.RssKb / 1024.0:0} MB) the service held {peak.AnonKb / 1024.0:0} MB anonymous memory (managed and native heaps, stacks), " +
            $"{peak.ShmemKb / 1024.0:0} MB shared memory (the runtime's memfd for W^X: JIT'd code, stubs and type data) and {peak.FileKb / 1024.0:0} MB of mapped files " +
            $"(assemblies and native libraries: clean pages the kernel drops under memory pressure and reads in again).");
        if (memoryLimitMb > 0)
        {
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"Every start of the service (the backfill, each run and the empty database) ran in a memory cgroup limited to {memoryLimitMb} MB, from a private copy of the .NET runtime and of its own files, with the page cache emptied first, so that the files it reads were charged to it as in a container (the system's native libraries, such as libc and OpenSSL, are still shared with other processes):");
            foreach (var (stopped, i) in memory.Select((m, i) => (m, i + 1)))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"- run {i}: exit {stopped.ExitCode}; {MemoryLine(stopped)}.");
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"- backfill: exit {backfill.Stopped.ExitCode}; {MemoryLine(backfill.Stopped)}.");
            report.AppendLine(CultureInfo.InvariantCulture, $"- no tags: exit {idle.ExitCode}; {MemoryLine(idle)}.");
        }

        report.AppendLine();
        var overflow = series.Overflow ? " — **the rest folded into OpenTelemetry's `otel_metric_overflow` series**" : "";
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Start to snapshot loaded and ready: median {Median(startup):0} ms. First `GET /api/tags` after start (JIT): median {Median(firstRequest):0} ms. " +
            $"`/metrics` carries {series.Series:N0} per-tag series, for {series.Tags:N0} of {tagCount:N0} tags{overflow}. Detail tags: `{singleArch}`, `{multiArch}`. " +
            $"The first start after seeding (the backfill) peaked at {backfill.Stopped.PeakRssKb / 1024.0:0} MB RSS and was ready {backfill.ReadyMs / 1000:0.0} s after start. " +
            $"The same service with no tags at all (empty database; ready, one `/api/tags` and one `/metrics`): peak RSS {idle.PeakRssKb / 1024.0:0} MB, " +
            $"of it anonymous + shared {idle.PeakAnonAndShmemKb / 1024.0:0} MB.");
        return report.ToString();
    }

    private sealed record Backfill(double RefreshMs, double ReadyMs, MonitorService.Stopped Stopped);

    /// <summary>
    /// The first start on the seeded history, as after upgrading to a version with stored summaries: every tag is
    /// recomputed from its revisions and its summary stored, which is what later starts load.
    /// </summary>
    private static async Task<Backfill> BackfillAsync(Dictionary<string, string> environment, PrivateInstall install, int port, int tagCount, int memoryLimitMb)
    {
        Console.WriteLine($"first start: backfilling stored summaries (load {LoadAverage()})");
        await using var service = await MonitorService.StartAsync(environment, install, memoryLimitMb, "backfill");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        var refreshed = await service.WaitForLineAsync(Refreshed(), 0, TimeSpan.FromMinutes(10));
        if (refreshed.Groups["recomputed"].Value != tagCount.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"the first start was to recompute every tag: {refreshed.Value}");
        }

        await WaitUntilLoadedAsync(client, tagCount);
        var ready = service.Uptime.TotalMilliseconds;
        var stopped = await service.StopAsync();
        var backfill = new Backfill(double.Parse(refreshed.Groups["ms"].Value, CultureInfo.InvariantCulture), ready, stopped);
        Console.WriteLine($"  {tagCount} tags recomputed and stored in {backfill.RefreshMs:0} ms; {MemoryLine(stopped)}");
        return backfill;
    }

    /// <summary>The service's own floor: its memory against an empty, migrated database, after readiness, one list and one scrape.</summary>
    private static async Task<MonitorService.Stopped> IdleAsync(
        string connectionString, Dictionary<string, string> environment, PrivateInstall install, int port, int memoryLimitMb)
    {
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE monitor_empty", connection);
            await create.ExecuteNonQueryAsync();
        }

        var empty = new Dictionary<string, string>(environment)
        {
            ["ConnectionStrings__Monitor"] = new NpgsqlConnectionStringBuilder(connectionString) { Database = "monitor_empty" }.ConnectionString,
        };
        await using var service = await MonitorService.StartAsync(empty, install, memoryLimitMb, "empty");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        await WaitUntilLoadedAsync(client, 0);
        await GetAsync(client, "/api/tags");
        await GetAsync(client, "/metrics");
        var stopped = await service.StopAsync();
        Console.WriteLine($"no tags: {MemoryLine(stopped)}");
        return stopped;
    }

    private static void Row(StringBuilder report, string name, double? target, List<double> values, long? bytes)
    {
        var sorted = values.Order().ToList();
        var median = Median(sorted);
        var p95 = sorted[(int)Math.Ceiling(0.95 * sorted.Count) - 1];
        var verdict = target is { } t ? " " + Verdict(p95, t) : "";
        var size = bytes is { } b ? b >= 1 << 20 ? $"{b / 1048576.0:0.0} MB" : $"{b / 1024.0:0} KB" : "";
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {(target is { } ms ? $"{ms:0} ms" : "")} | **{median:0.0} ms** | {p95:0.0} ms{verdict} | {sorted[0]:0.0} ms | {sorted[^1]:0.0} ms | {sorted.Count} | {size} |");
    }

    /// <summary>A row of peaks, one per run: the verdict compares the largest with the target.</summary>
    private static void MegabyteRow(StringBuilder report, string name, double? target, List<double> megabytes, bool verdict = true)
    {
        var judged = target is { } t && verdict ? " " + Verdict(megabytes.Max(), t) : "";
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {(target is { } mb ? $"{mb:0} MB" : "")} | {Median(megabytes):0} MB | | {megabytes.Min():0} MB | **{megabytes.Max():0} MB**{judged} | {megabytes.Count} | |");
    }

    private static string Verdict(double value, double target) => value < target ? "✓" : "✗";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<(double Ms, byte[] Body)> GetAsync(HttpClient client, string path)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        return (elapsed, body);
    }

    private static async Task WaitUntilLoadedAsync(HttpClient client, int tagCount)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            try
            {
                using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    var (_, body) = await GetAsync(client, "/api/tags?pageSize=1");
                    using var page = JsonDocument.Parse(body);
                    if (page.RootElement.GetProperty("total").GetInt32() == tagCount)
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the service did not report {tagCount} tags");
    }

    /// <summary>How many per-tag series the scrape carries, for how many tags, and whether any were folded into OpenTelemetry's overflow series.</summary>
    private static (int Series, int Tags, bool Overflow) CountSeries(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var lines = text.Split('\n');
        return (lines.Count(l => l.StartsWith("monitor_tag_", StringComparison.Ordinal) && !l.StartsWith("monitor_tag_series_capped", StringComparison.Ordinal)),
            lines.Count(l => l.StartsWith("monitor_tag_last_rebuild_seconds{", StringComparison.Ordinal) && !l.Contains("otel_metric_overflow", StringComparison.Ordinal)),
            text.Contains("otel_metric_overflow=\"true\"", StringComparison.Ordinal));
    }

    /// <summary>Records one more revision for <paramref name="count"/> single-arch tags, as a poll cycle that saw them change would.</summary>
    private static async Task AdvanceTagsAsync(string connectionString, long tagIdBase, int tagCount, int count, int run)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            WITH picked AS (
                SELECT w.id, w.current_revision_id, r.media_type
                FROM monitor.watched_tag w JOIN monitor.tag_revision r ON r.id = w.current_revision_id
                WHERE w.id > $1 AND w.id <= $1 + $2 AND NOT EXISTS (SELECT 1 FROM monitor.revision_platform p WHERE p.revision_id = r.id)
                ORDER BY md5(w.id || '/' || $4) LIMIT $3),
            inserted AS (
                INSERT INTO monitor.tag_revision (watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at, source, is_baseline, is_rollback)
                SELECT id, current_revision_id, 'sha256:' || md5(id || '/' || clock_timestamp()) || md5(clock_timestamp() || '/' || id), media_type,
                       now(), now() - interval '15 minutes', 'poll', false, false
                FROM picked
                RETURNING id, watched_tag_id, digest, first_seen_at)
            UPDATE monitor.watched_tag w
            SET current_revision_id = i.id, current_digest = i.digest, last_changed_at = i.first_seen_at, last_checked_at = i.first_seen_at
            FROM inserted i WHERE w.id = i.watched_tag_id
            """, connection);
        foreach (var value in new object[] { tagIdBase, (long)tagCount, (long)count, run })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var updated = await command.ExecuteNonQueryAsync();
        Console.WriteLine($"  recorded a new revision for {updated} tags");
    }

    private static async Task<string> ReferenceAsync(string connectionString, long tagId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT registry || '/' || repository || ':' || tag FROM monitor.watched_tag WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tagId });
        return (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no watched tag {tagId}");
    }

    private static async Task<(string Table, string Database)> SizesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pg_size_pretty(pg_total_relation_size('monitor.tag_revision')), pg_size_pretty(pg_database_size(current_database()))", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1));
    }

    private static string WriteEmptyWatchlist(string scratch)
    {
        // No entries and no groups: the seeded tags sit in groups nothing schedules, so nothing is polled.
        var path = Path.Combine(scratch, "watchlist.yaml");
        File.WriteAllText(path, "watchlist:\n  groups: []\n  entries: []\n");
        return path;
    }

    private static string LoadAverage() =>
        string.Join('/', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    [GeneratedRegex(@"Cadence snapshot refreshed: (?<tags>\d+) tag\(s\) updated \((?<loaded>\d+) from stored summaries, (?<recomputed>\d+) recomputed from history\) in (?<ms>\d+) ms")]
    private static partial Regex Refreshed();
}
