using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Data.LocalServer;
using Monitor.Testing.Registry;
using Npgsql;

namespace Monitor.Benchmarks;

/// <summary>
/// Seeds N tags into a real local registry, runs full poll cycles with the real <c>monitor poll</c>, and measures
/// the raw HEAD throughput wrk gets from the same registry for the same URLs, Accept header and concurrency.
/// </summary>
internal static partial class PollBenchmark
{
    public const int TagsPerRepository = 100;

    /// <param name="digestsPerRepository">Distinct images per repository of <see cref="TagsPerRepository"/> tags: 1, every tag an
    /// alias of one image; <see cref="TagsPerRepository"/>, every tag its own image.</param>
    public static async Task<string> RunAsync(int tagCount, int concurrency, TimeSpan wrkDuration, int digestsPerRepository)
    {
        var scratch = Directory.CreateTempSubdirectory("monitor-bench-poll-").FullName;
        File.SetUnixFileMode(scratch, (UnixFileMode)0b111_101_101);
        try
        {
            return await RunInAsync(scratch, tagCount, concurrency, wrkDuration, digestsPerRepository);
        }
        finally
        {
            // Only once the cluster has stopped: its lock file is in there.
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<string> RunInAsync(string scratch, int tagCount, int concurrency, TimeSpan wrkDuration, int digestsPerRepository)
    {
        await using var postgres = await LocalPostgresCluster.StartAsync(new LocalPostgresSettings(
            Path.Combine(scratch, "pg"),
            ServerSettings: new Dictionary<string, string> { ["shared_preload_libraries"] = "pg_stat_statements" }), NullLogger.Instance);
        await using var registry = await RegistryServer.StartAsync();

        Console.WriteLine($"seeding {tagCount} tags ({digestsPerRepository} images per repository of {TagsPerRepository} tags) into {registry.Registry} ...");
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        var urls = await SeedRegistryAsync(registry, tagCount, concurrency, digestsPerRepository);
        Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:0} s");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Monitor"] = postgres.ConnectionString,
            ["WatchlistFile"] = WriteEmptyWatchlist(scratch),
            ["Registries__MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
            ["Registries__RequestsPerSecond"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Monitor.Worker.Polling.PollCycle"] = "Information",
        };
        var migrate = await BenchmarkEnvironment.RunMonitorAsync(environment, "migrate");
        Ensure(migrate, "migrate");
        await SeedWatchesAsync(postgres.ConnectionString, registry.Registry, urls);
        await ExecuteAsync(postgres.ConnectionString, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");

        // Raw HEAD right before and right after the cycles: on a shared machine the load moves, and the higher is the stricter denominator.
        var rawBefore = await RawHeadLoad.RequestsPerSecondAsync(registry.BaseUri, urls, concurrency, wrkDuration, MediaTypes.AllManifests);
        var baseline = await MeasureCycleAsync(postgres.ConnectionString, environment, "baseline cycle (every tag first seen)");
        var unchanged = await MeasureCycleAsync(postgres.ConnectionString, environment, "unchanged cycle");
        var rawAfter = await RawHeadLoad.RequestsPerSecondAsync(registry.BaseUri, urls, concurrency, wrkDuration, MediaTypes.AllManifests);
        var raw = Math.Max(rawBefore, rawAfter);
        var rawFirstSighting = await RawHeadLoad.FirstSightingRequestsPerSecondAsync(registry.BaseUri, urls, concurrency, wrkDuration, MediaTypes.AllManifests, eachImageOnce: false);
        var aliases = digestsPerRepository < Math.Min(TagsPerRepository, tagCount);
        var rawEachImageOnce = aliases
            ? await RawHeadLoad.FirstSightingRequestsPerSecondAsync(registry.BaseUri, urls, concurrency, wrkDuration, MediaTypes.AllManifests, eachImageOnce: true)
            : rawFirstSighting;
        var wrkGet = await RunWrkAsync(registry, urls, concurrency, wrkDuration, scratch);

        var load = await File.ReadAllTextAsync("/proc/loadavg");
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Poll cycle: {tagCount} tags, {digestsPerRepository} images per repository of {TagsPerRepository} tags, concurrency {concurrency} ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, load average {string.Join(", ", load.Split(' ').Take(3))} at the end)");
        report.AppendLine();
        report.AppendLine("| cycle | tags | cycle time | tags/s | registry requests | requests per tag | **requests/s** | **requests/s ÷ raw HEAD/s** | tags/s ÷ raw HEAD/s | rows inserted | tag_revision INSERT statements | watched_tag UPDATE statements | rows updated | peak RSS | monitor CPU | machine busy |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var cycle in new[] { baseline, unchanged })
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {cycle.Name} | {cycle.Checked} | {cycle.Seconds:0.00} s | {cycle.TagsPerSecond:0} | {cycle.RegistryRequests} | {(double)cycle.RegistryRequests / cycle.Checked:0.00} | **{cycle.RequestsPerSecond:0}** | **{cycle.RequestsPerSecond / raw:0.00}** | {cycle.TagsPerSecond / raw:0.00} | {cycle.RowsInserted} | {cycle.RevisionInsertStatements} | {cycle.TagUpdateStatements} | {cycle.RowsUpdated} | {cycle.PeakRssMb:0} MB | {cycle.CpuSeconds:0.0} s | {cycle.MachineBusy:P0} |");
        }

        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Raw HEAD throughput (bare pooled HttpClient, {concurrency} concurrent, {wrkDuration.TotalSeconds:0} s, same URLs and Accept header): {rawBefore:0} requests/s right before the cycles, {rawAfter:0} right after; **{raw:0} requests/s**, the higher, is the ratios' denominator.");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"First-sighting target: requests/s ≥ 0.6 × raw HEAD/s → **{baseline.RequestsPerSecond / raw:0.00}** {(baseline.RequestsPerSecond / raw >= 0.6 ? "✓" : "✗")}.");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"The first sighting's requests on the same bare client (per tag: HEAD, GET manifest by digest, GET config blob; {concurrency} concurrent, {wrkDuration.TotalSeconds:0} s): {rawFirstSighting:0} requests/s ({rawFirstSighting / raw:0.00} × raw HEAD/s); the first-sighting cycle reaches **{baseline.RequestsPerSecond / rawFirstSighting:0.00}** of it.");
        if (aliases)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"The same bare client reading each image (repository and digest) once per pass over the tags, the other tags HEAD only: {rawEachImageOnce:0} requests/s ({rawEachImageOnce / raw:0.00} × raw HEAD/s); the first-sighting cycle reaches **{baseline.RequestsPerSecond / rawEachImageOnce:0.00}** of it.");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"wrk, same URLs, Accept header and {concurrency} connections, as GET (wrk 4.1 cannot parse bodiless HEAD responses): {wrkGet:0} requests/s.");
        report.AppendLine("Registry requests are counted by the client (every HTTP exchange, token fetches included); rows and statements from pg_stat_user_tables and pg_stat_statements.");
        report.AppendLine("Monitor CPU: user + system seconds of the whole `monitor poll` process (start-up included, GNU time); machine busy: share of all cores' time not idle while it ran (/proc/stat).");
        return report.ToString();
    }

    private sealed record Cycle(
        string Name, int Checked, double Seconds, long RowsInserted, long RowsUpdated, long TagUpdateStatements, long RevisionInsertStatements, long RegistryRequests,
        double PeakRssMb, double CpuSeconds, double MachineBusy)
    {
        public double TagsPerSecond => Checked / Seconds;

        /// <summary>The cycle's registry requests (HEADs, manifest and config GETs) per second of the cycle.</summary>
        public double RequestsPerSecond => RegistryRequests / Seconds;
    }

    private static async Task<Cycle> MeasureCycleAsync(string connectionString, Dictionary<string, string> environment, string name)
    {
        await ExecuteAsync(connectionString, "SELECT pg_stat_statements_reset()");
        var before = await TupleCountsAsync(connectionString);
        var idleBefore = await CpuJiffiesAsync();
        var run = await BenchmarkEnvironment.RunMonitorAsync(environment, "poll", "--group", "default");
        var idleAfter = await CpuJiffiesAsync();
        Ensure(run, "poll");
        var requestLine = RegistryRequests().Match(run.Output);
        var requests = requestLine.Success ? long.Parse(requestLine.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
        await Task.Delay(700); // statistics are flushed to the cumulative views shortly after commit
        var after = await TupleCountsAsync(connectionString);
        var statements = await ScalarAsync(connectionString,
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query ~* '^\\s*(WITH .*)?UPDATE monitor\\.watched_tag' AND query NOT ILIKE '%SET enabled%'");
        var revisionInserts = await ScalarAsync(connectionString,
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query ILIKE '%INSERT INTO monitor.tag_revision%'");
        await PrintStatementsAsync(connectionString);
        var summary = Summary().Match(run.Output);
        if (!summary.Success)
        {
            throw new InvalidOperationException("no poll summary in the output:\n" + run.Output);
        }

        Console.WriteLine($"{name}: {summary.Value}");
        return new Cycle(name, int.Parse(summary.Groups["checked"].Value, CultureInfo.InvariantCulture),
            double.Parse(summary.Groups["seconds"].Value, CultureInfo.InvariantCulture),
            after.Inserted - before.Inserted, after.Updated - before.Updated, statements, revisionInserts, requests, run.PeakRssKb / 1024.0,
            run.CpuSeconds, 1 - ((double)(idleAfter.Idle - idleBefore.Idle) / (idleAfter.Total - idleBefore.Total)));
    }

    /// <summary>All cores' idle (idle + iowait) and total time so far, in jiffies, from the first line of /proc/stat.</summary>
    private static async Task<(long Idle, long Total)> CpuJiffiesAsync()
    {
        var fields = (await File.ReadAllLinesAsync("/proc/stat"))[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields[3] + fields[4], fields.Take(8).Sum());
    }

    private static async Task PrintStatementsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT calls, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) FROM pg_stat_statements WHERE query ~* '^(WITH|INSERT|UPDATE|DELETE)' AND query ILIKE '%monitor.%' AND query NOT ILIKE '%qrtz%' ORDER BY calls DESC",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine($"  {reader.GetInt64(0),6} calls {reader.GetInt64(1),7} rows  {reader.GetString(2)}");
        }
    }

    /// <summary>
    /// Each repository: <paramref name="digestsPerRepository"/> single-platform images on one layer, each with its own config
    /// (its own <c>created</c>), pushed under the first tags; every further tag an alias of one of them, in turn.
    /// </summary>
    private static async Task<List<string>> SeedRegistryAsync(RegistryServer registry, int tagCount, int concurrency, int digestsPerRepository)
    {
        var repositories = (tagCount + TagsPerRepository - 1) / TagsPerRepository;
        var urls = new List<string>();
        var built = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var r = 0; r < repositories; r++)
        {
            var repository = $"bench/r{r:000}";
            var tags = Enumerable.Range(0, Math.Min(TagsPerRepository, tagCount - (r * TagsPerRepository))).Select(t => $"t{t:0000}").ToList();
            var images = await registry.Pusher.PushImagesAsync(repository, tags.Take(digestsPerRepository).ToList(), built.AddDays(r), concurrency);
            await Parallel.ForAsync(images.Count, tags.Count, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
                async (t, ct) => await registry.Pusher.TagAsync(images[t % images.Count], tags[t], ct));
            urls.AddRange(tags.Select(tag => $"/v2/{repository}/manifests/{tag}"));
        }

        return urls;
    }

    private static async Task SeedWatchesAsync(string connectionString, string registryHost, List<string> urls)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO monitor.watched_tag (registry, repository, tag, watch_group, source, added_at, enabled, consecutive_failures, status)
            SELECT $1, split_part(u, '/manifests/', 1), split_part(u, '/manifests/', 2), 'default', 'api', now(), true, 0, 'pending'
            FROM unnest($2::text[]) AS u
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = registryHost });
        command.Parameters.Add(new NpgsqlParameter { Value = urls.Select(u => u["/v2/".Length..]).ToArray() });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<double> RunWrkAsync(RegistryServer registry, List<string> urls, int concurrency, TimeSpan duration, string scratch)
    {
        var paths = Path.Combine(scratch, "paths.txt");
        await File.WriteAllLinesAsync(paths, urls);
        var script = Path.Combine(scratch, "head.lua");
        await File.WriteAllTextAsync(script, $$"""
            local paths = {}
            for line in io.lines("{{paths}}") do paths[#paths + 1] = line end
            local i = 0
            wrk.headers["Accept"] = "{{MediaTypes.AllManifests}}"
            request = function()
              i = i % #paths + 1
              return wrk.format("GET", paths[i])
            end
            """);
        var threads = Math.Min(concurrency, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture);
        var run = await BenchmarkEnvironment.RunAsync("wrk",
            ["-t", threads, "-c", concurrency.ToString(CultureInfo.InvariantCulture), "-d", $"{duration.TotalSeconds:0}s", "-s", script, registry.BaseUri.ToString().TrimEnd('/')]);
        Ensure(run, "wrk (apt-get install wrk)");
        var rate = WrkRate().Match(run.Output);
        Console.WriteLine(run.Output);
        return rate.Success ? double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("no Requests/sec from wrk");
    }

    private static string WriteEmptyWatchlist(string scratch)
    {
        var path = Path.Combine(scratch, "watchlist.yaml");
        File.WriteAllText(path, "watchlist:\n  groups:\n    - name: default\n      schedule: \"0 0 0 * * ?\"\n  entries: []\n");
        return path;
    }

    private static async Task<(long Inserted, long Updated)> TupleCountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(sum(n_tup_ins), 0)::bigint, coalesce(sum(n_tup_upd), 0)::bigint FROM pg_stat_user_tables WHERE schemaname = 'monitor' AND relname NOT LIKE 'qrtz%'",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task ExecuteAsync(string connectionString, string sql) => await ScalarAsync(connectionString, sql);

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private static void Ensure(BenchmarkEnvironment.Measured run, string what)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited with {run.ExitCode}:\n{run.Output}");
        }
    }

    [GeneratedRegex(@"(?<checked>\d+) checked, .* in (?<seconds>[0-9.]+) s")]
    private static partial Regex Summary();

    [GeneratedRegex(@"registry requests: (\d+)")]
    private static partial Regex RegistryRequests();

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex WrkRate();
}
