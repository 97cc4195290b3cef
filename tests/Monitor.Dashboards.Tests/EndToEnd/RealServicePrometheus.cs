using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitor.Testing;
using Monitor.Testing.Postgres;
using Monitor.Testing.Prometheus;
using Monitor.Testing.Registry;
using Monitor.Worker.Hosting;
using Npgsql;

namespace Monitor.Dashboards.Tests.EndToEnd;

/// <summary>
/// The real service with a real, short history, scraped by a real Prometheus. A real distribution registry holds
/// the images; the real service host (<see cref="MonitorApplication"/>, test database, YAML watchlist) polls it
/// every second; Prometheus scrapes the service's <c>/metrics</c> every second with the repository's rule files
/// loaded. The history, pushed while the service polls:
/// <code>
///   REGISTRY/library/python:3.13-slim              base     re-pushed 3 times: 3 rebuilds, so a median and a p90;
///                                                           then quiet, so due, then stale (3 x median) and CadenceBroken
///   REGISTRY/dotnet/runtime:10.0-noble-chiseled    base     the same, as a multi-arch index (amd64, arm64)
///   REGISTRY/library/debian:12                     base     rebuilt with them, staleness factor 1000: due for an hour
///   REGISTRY/library/python:3.9-slim               base     deleted after its baseline: missing (TagMissing)
///   REGISTRY/distroless/static:nonroot             base     never rebuilt, staleness maxAge 5 s: stale by max age
///   REGISTRY/library/alpine:3.20                   base     never rebuilt: fresh (30-day max age)
///   CLOSED/library/busybox:latest                  offline  nothing listens: every check fails (server_error,
///                                                           then circuit_open), status unknown, PollerFailing
///   QUOTA/chainguard/node:latest                   hub      the registry behind a Docker Hub-like pull quota of 3:
///                                                           ratelimit-remaining runs out, then 429 (RegistryRateLimited)
/// </code>
/// Every digest change counts as its own rebuild (<c>Cadence:SettleWindow=0</c>; the default 6-hour window would
/// fold a history of seconds into one burst).
/// </summary>
public sealed class RealServicePrometheus(PostgresServer postgres) : IAsyncLifetime
{
    public const string PythonRepository = "library/python";
    public const string RebuiltTag = "3.13-slim";
    public const string DeletedTag = "3.9-slim";
    public const string IndexRepository = "dotnet/runtime";
    public const string IndexTag = "10.0-noble-chiseled";
    public const string MaxAgeRepository = "distroless/static";
    public const string MaxAgeTag = "nonroot";
    public const string DueRepository = "library/debian";
    public const string DueTag = "12";
    public const string SteadyRepository = "library/alpine";
    public const string SteadyTag = "3.20";
    public const string OfflineRepository = "library/busybox";
    public const string QuotaRepository = "chainguard/node";
    public const string LatestTag = "latest";
    public const int Rebuilds = 3;
    public const int PullQuota = 3;

    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(90);
    private readonly string watchlistFile = Path.Combine(Path.GetTempPath(), $"monitor-e2e-watchlist-{Guid.NewGuid():N}.yaml");
    private readonly RecentLogProvider serviceLog = new();
    private readonly StringBuilder timeline = new();
    private readonly Stopwatch clock = new();
    private RegistryServer? registry;
    private PullQuotaProxy? quota;
    private ClosedPort? closed;
    private WebApplication? service;
    private PrometheusServer? prometheus;
    private NpgsqlDataSource? database;

    public RegistryServer Registry => registry ?? throw new InvalidOperationException("Not started.");

    public PullQuotaProxy Quota => quota ?? throw new InvalidOperationException("Not started.");

    /// <summary>The registry nothing listens on (host:port).</summary>
    public string OfflineRegistry => (closed ?? throw new InvalidOperationException("Not started.")).Authority;

    public PrometheusServer Server => prometheus ?? throw new InvalidOperationException("Not started.");

    /// <summary>The service's database (the one Grafana's PostgreSQL datasource reads).</summary>
    public NpgsqlDataSource Database => database ?? throw new InvalidOperationException("Not started.");

    /// <summary>Base address of the service, e.g. http://127.0.0.1:41234.</summary>
    public Uri ServiceAddress { get; private set; } = null!;

    /// <summary>How long start-up, history and the first rate()-able scrapes took.</summary>
    public TimeSpan StartupTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        clock.Start();
        try
        {
            await StartAsync();
        }
        catch (Exception e)
        {
            var diagnostics = await DescribeAsync();
            await DisposeAsync();
            throw new InvalidOperationException($"The real-service end-to-end setup failed: {e.Message}\n{diagnostics}", e);
        }

        StartupTime = clock.Elapsed;
        Mark($"ready for queries ({Quota.Pulls} pulls within the quota, {Quota.Throttled} throttled)");
    }

    public async ValueTask DisposeAsync()
    {
        if (prometheus is not null)
        {
            await prometheus.DisposeAsync();
            prometheus = null;
        }

        if (service is not null)
        {
            await service.StopAsync();
            await service.DisposeAsync();
            service = null;
        }

        if (database is not null)
        {
            await database.DisposeAsync();
            database = null;
        }

        if (quota is not null)
        {
            await quota.DisposeAsync();
            quota = null;
        }

        if (registry is not null)
        {
            await registry.DisposeAsync();
            registry = null;
        }

        closed?.Dispose();
        closed = null;
        serviceLog.Dispose();
        File.Delete(watchlistFile);
    }

    /// <summary>The service's <c>/metrics</c> as Prometheus would read it now (text format).</summary>
    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { BaseAddress = ServiceAddress, Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
    }

    /// <summary>Timeline, the service's recent log and its current exposition: for failure messages.</summary>
    public async Task<string> DescribeAsync()
    {
        var text = new StringBuilder().AppendLine("--- timeline").Append(Timeline);
        text.AppendLine("--- service log (recent)").AppendLine(serviceLog.Text);
        if (service is not null && ServiceAddress is not null)
        {
            try
            {
                text.AppendLine("--- service /metrics").AppendLine(await ScrapeAsync());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                text.AppendLine($"--- service /metrics unavailable: {e.Message}");
            }
        }

        if (prometheus is not null)
        {
            text.AppendLine("--- prometheus log").AppendLine(prometheus.Log);
        }

        return text.ToString();
    }

    /// <summary>What happened when, relative to the start of the setup.</summary>
    public string Timeline
    {
        get
        {
            lock (timeline)
            {
                return timeline.ToString();
            }
        }
    }

    private async Task StartAsync()
    {
        registry = await RegistryServer.StartAsync();
        quota = await PullQuotaProxy.StartAsync(registry.BaseUri, PullQuota, TimeSpan.FromHours(6), TimeSpan.FromHours(1));
        closed = new ClosedPort();
        Mark($"registry {registry.Registry}, pull quota front {quota.Registry}, offline registry {closed.Authority}");

        var pusher = registry.Pusher;
        await pusher.PushImageAsync(PythonRepository, RebuiltTag);
        await pusher.PushImageAsync(PythonRepository, DeletedTag);
        await PushIndexAsync();
        await pusher.PushImageAsync(MaxAgeRepository, MaxAgeTag);
        await pusher.PushImageAsync(SteadyRepository, SteadyTag);
        await pusher.PushImageAsync(DueRepository, DueTag);
        await pusher.PushImageAsync(QuotaRepository, LatestTag);
        await File.WriteAllTextAsync(watchlistFile, Watchlist());
        Mark("images pushed, watchlist written");

        var connectionString = await postgres.CreateDatabaseAsync();
        database = NpgsqlDataSource.Create(connectionString);
        service = MonitorApplication.Build(
        [
            "--Urls=http://127.0.0.1:0",
            "--NodeName=e2e",
            $"--WatchlistFile={watchlistFile}",
            // Every digest change is one rebuild: the default 6-hour settle window would merge this history into one burst.
            "--Cadence:SettleWindow=00:00:00",
            // Retries of the offline registry stay short, so its cycles do too (3 retries as configured by default).
            "--Registries:RetryBaseDelay=00:00:00.100",
        ], connectionString, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(serviceLog);
        });
        await service.StartAsync();
        ServiceAddress = new Uri(service.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        Mark($"service listening on {ServiceAddress}");

        prometheus = await PrometheusServer.StartAsync(SyntheticFleetPrometheus.Config(ServiceAddress.Authority, Repo.RuleFiles));
        Mark($"prometheus on {prometheus.Address} scraping {ServiceAddress.Authority}/metrics every second");

        await WaitAsync("every reachable tag has its baseline", async () =>
            await CountAsync("SELECT count(*) FROM monitor.watched_tag WHERE current_revision_id IS NOT NULL") == 7);

        for (var rebuild = 1; rebuild <= Rebuilds; rebuild++)
        {
            await pusher.PushImageAsync(PythonRepository, RebuiltTag);
            await PushIndexAsync();
            await pusher.PushImageAsync(DueRepository, DueTag);
            var expected = 1 + rebuild;
            await WaitAsync($"rebuild {rebuild} recorded", async () =>
                await RevisionsAsync(PythonRepository, RebuiltTag) == expected && await RevisionsAsync(IndexRepository, IndexTag) == expected
                && await RevisionsAsync(DueRepository, DueTag) == expected);
        }

        await pusher.DeleteTagAsync(PythonRepository, DeletedTag);
        await WaitAsync($"{PythonRepository}:{DeletedTag} recorded as missing", async () =>
            await CountAsync($"SELECT count(*) FROM monitor.watched_tag WHERE repository = '{PythonRepository}' AND tag = '{DeletedTag}' AND status = 'missing'") == 1);

        await WaitAsync("Prometheus has rate()-able counters, the history's rebuilds and evaluated rules", async () =>
            (await prometheus.QueryAsync("count(rate(monitor_poll_checks_total[1m]) > 0)")).HasData
            && (await prometheus.QueryAsync($"max(monitor_tag_rebuilds{{window=\"7d\"}}) >= {Rebuilds}")).HasData
            && await PrometheusRules.EvaluatedAsync(prometheus));
    }

    private Task<PushedIndex> PushIndexAsync() =>
        Registry.Pusher.PushIndexAsync(IndexRepository, IndexTag, [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64]);

    private string Watchlist() => $"""
        watchlist:
          groups:
            - name: base
              schedule: "* * * * * ?"
              jitter: "00:00:00"
            - name: offline
              schedule: "*/2 * * * * ?"
              jitter: "00:00:00"
            - name: hub
              schedule: "*/2 * * * * ?"
              jitter: "00:00:00"
          entries:
            - repository: {Registry.Registry}/{PythonRepository}
              tags: ["{RebuiltTag}", "{DeletedTag}"]
              group: base
            - repository: {Registry.Registry}/{IndexRepository}
              tags: ["{IndexTag}"]
              group: base
            - repository: {Registry.Registry}/{MaxAgeRepository}
              tags: ["{MaxAgeTag}"]
              group: base
              staleness:
                maxAge: "00:00:05"
            - repository: {Registry.Registry}/{SteadyRepository}
              tags: ["{SteadyTag}"]
              group: base
            - repository: {Registry.Registry}/{DueRepository}
              tags: ["{DueTag}"]
              group: base
              staleness:
                factor: 1000
            - repository: {OfflineRegistry}/{OfflineRepository}
              tags: ["{LatestTag}"]
              group: offline
            - repository: {Quota.Registry}/{QuotaRepository}
              tags: ["{LatestTag}"]
              group: hub
        """;

    private Task<long> RevisionsAsync(string repository, string tag) => CountAsync($"""
        SELECT count(*) FROM monitor.tag_revision r JOIN monitor.watched_tag t ON t.id = r.watched_tag_id
        WHERE t.registry = '{Registry.Registry}' AND t.repository = '{repository}' AND t.tag = '{tag}'
        """);

    private async Task<long> CountAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private async Task WaitAsync(string what, Func<Task<bool>> done)
    {
        var started = clock.Elapsed;
        while (clock.Elapsed - started < PhaseTimeout)
        {
            if (await done())
            {
                Mark(what);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"Timed out after {PhaseTimeout.TotalSeconds:0} s waiting until {what}.");
    }

    private void Mark(string what)
    {
        lock (timeline)
        {
            timeline.AppendLine(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
        }
    }
}
