using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Testing.Registry.Vendors;
using Monitor.Worker.Cli;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Polling;

/// <summary>
/// A tag's true age from its first poll: without a registry push time (the distribution registry reports none) the
/// baseline carries the image config's <c>created</c> (an index: its linux/amd64 child unless <c>Cadence:Platform</c>
/// names another), reproducible-build epochs count as none, and the API and <c>report --json</c> of the real host judge
/// the age from it, the metrics export it with its source. The registry is the real one behind a proxy that counts the
/// requests each new tag costs.
/// </summary>
[Collection(OneHostAtATime.Name)]
public sealed class TrueAgeTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);

    private RegistryServer Registry => registry.Server;

    [Fact]
    public async Task An_image_built_400_days_ago_is_stale_on_its_first_poll_and_a_fresh_one_fresh_in_the_api_and_the_report()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = await FaultProxy.StartAsync(Registry.BaseUri);
        var connectionString = await postgres.CreateDatabaseAsync(ct);
        var time = new FakeTimeProvider(Start);
        var (old, fresh, epoch, zero, index) = (Unique("old"), Unique("fresh"), Unique("epoch"), Unique("zero"), Unique("index"));
        await Registry.Pusher.PushImageAsync(old, "1", created: Start.AddDays(-400), cancellationToken: ct);
        await Registry.Pusher.PushImageAsync(fresh, "1", created: Start.AddDays(-2), cancellationToken: ct);
        await Registry.Pusher.PushImageAsync(epoch, "1", created: DateTimeOffset.UnixEpoch, cancellationToken: ct);
        await Registry.Pusher.PushImageAsync(zero, "1", created: DateTimeOffset.MinValue, cancellationToken: ct);
        var arm = await Registry.Pusher.PushImageAsync(index, null, PlatformSpec.LinuxArm64, created: Start.AddDays(-300), cancellationToken: ct);
        var amd = await Registry.Pusher.PushImageAsync(index, null, PlatformSpec.LinuxAmd64, created: Start.AddDays(-100), cancellationToken: ct);
        await Registry.Pusher.PushIndexOfAsync(index, "1", [arm, amd], cancellationToken: ct);
        await using (var polling = new PollingHost(connectionString, time))
        {
            foreach (var repo in new[] { old, fresh, epoch, zero, index })
            {
                await polling.WatchAsync(proxy.Registry, $"{repo}:1");
            }

            var baseline = await polling.PollAsync(TimeSpan.Zero);
            Assert.Equal((5, 5), (baseline.Changes, baseline.Baselines));
        }

        // No request beyond the first sighting's own, except the build time of an index: its chosen child's manifest and config.
        Assert.Equal(3, RequestsFor(proxy, old));
        Assert.Equal(3, RequestsFor(proxy, epoch));
        Assert.Equal(4, RequestsFor(proxy, index));

        time.Advance(TimeSpan.FromMinutes(1));
        await using var host = await MonitorHost.StartAsync(connectionString, time);
        await host.RefreshAsync();
        var api = new Dictionary<string, JsonElement>();
        foreach (var repo in new[] { old, fresh, epoch, zero, index })
        {
            api[repo] = await host.GetJsonAsync($"/api/tags/{proxy.Registry}/{repo}:1");
        }

        AssertSummary(api[old].GetProperty("summary"), "stale", "created", Start.AddDays(-400), "stale: 400 d since it was built > max age 30 d");
        AssertSummary(api[fresh].GetProperty("summary"), "fresh", "created", Start.AddDays(-2), "fresh: 2 d since it was built ≤ max age 30 d");
        AssertSummary(api[epoch].GetProperty("summary"), "fresh", "first-seen", Start, "fresh: 1 min since first seen ≤ max age 30 d");
        AssertSummary(api[zero].GetProperty("summary"), "fresh", "first-seen", Start, "fresh: 1 min since first seen ≤ max age 30 d");
        AssertSummary(api[index].GetProperty("summary"), "stale", "created", Start.AddDays(-100), "stale: 100 d since it was built > max age 30 d");
        Assert.Equal(Start.AddDays(-400), Assert.Single(api[old].GetProperty("revisions").EnumerateArray()).GetProperty("imageCreatedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, Assert.Single(api[epoch].GetProperty("revisions").EnumerateArray()).GetProperty("imageCreatedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, Assert.Single(api[zero].GetProperty("revisions").EnumerateArray()).GetProperty("imageCreatedAt").ValueKind);

        // The metrics: the status, and the time the age counts from with what kind of time it is.
        var scrape = await host.ScrapeAsync();
        Assert.Equal((1, 0), (scrape.Value("monitor_tag_stale", ("repository", old)), scrape.Value("monitor_tag_stale", ("repository", fresh))));
        Assert.Equal(Start.AddDays(-400).ToUnixTimeSeconds(), scrape.Value("monitor_tag_age_measured_from_seconds", ("repository", old), ("age_source", "created")));
        Assert.Equal(Start.ToUnixTimeSeconds(), scrape.Value("monitor_tag_age_measured_from_seconds", ("repository", epoch), ("age_source", "first-seen")));
        Assert.Equal(5, scrape.Find("monitor_tag_age_measured_from_seconds").Count);

        // The report verb as the executable runs it, on the host's clock: the same summary as the API.
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MonitorCommandLine.InvokeAsync(["report", "--json", $"--ConnectionStrings:Monitor={connectionString}"],
            new InvocationConfiguration { Output = output, Error = error }, services => services.AddSingleton<TimeProvider>(time));
        Assert.True(exit == 0, error.ToString());
        var report = JsonDocument.Parse(output.ToString()).RootElement.EnumerateArray()
            .ToDictionary(line => line.GetProperty("repository").GetString()!, line => line);
        foreach (var repo in api.Keys)
        {
            Assert.True(JsonElement.DeepEquals(api[repo].GetProperty("summary"), report[repo]), $"{repo}: the report says {report[repo]}, the API {api[repo].GetProperty("summary")}");
        }
    }

    [Fact]
    public async Task An_index_takes_its_build_time_from_the_platform_the_cadence_follows()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = Unique("platform");
        var arm = await Registry.Pusher.PushImageAsync(repo, null, PlatformSpec.LinuxArm64, created: Start.AddDays(-300), cancellationToken: ct);
        var amd = await Registry.Pusher.PushImageAsync(repo, null, PlatformSpec.LinuxAmd64, created: Start.AddDays(-100), cancellationToken: ct);
        await Registry.Pusher.PushIndexOfAsync(repo, "1", [arm, amd], cancellationToken: ct);
        await using var polling = new PollingHost(await postgres.CreateDatabaseAsync(ct), new FakeTimeProvider(Start),
            new Dictionary<string, string?> { ["Cadence:Platform"] = "linux/arm64" });
        await polling.WatchAsync(Registry.Registry, $"{repo}:1");

        await polling.PollAsync();
        var rebuilt = await Registry.Pusher.PushIndexAsync(repo, "1", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64], created: Start, cancellationToken: ct);
        await polling.PollAsync();

        var revisions = await polling.RowsAsync("SELECT digest, image_created_at FROM monitor.tag_revision ORDER BY first_seen_at");
        Assert.Equal(Start.AddDays(-300), PollingHost.At(revisions[0]["image_created_at"]));

        // A later index change reads no build time: it would cost two requests, and the age counts from the change itself.
        Assert.Equal((rebuilt.Digest.Value, null), ((string)revisions[1]["digest"]!, revisions[1]["image_created_at"]));
    }

    [Fact]
    public async Task A_single_platform_change_records_its_build_time_for_free()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = await FaultProxy.StartAsync(Registry.BaseUri);
        var repo = Unique("single");
        await Registry.Pusher.PushImageAsync(repo, "1", created: Start.AddDays(-3), cancellationToken: ct);
        await using var polling = new PollingHost(await postgres.CreateDatabaseAsync(ct), new FakeTimeProvider(Start));
        await polling.WatchAsync(proxy.Registry, $"{repo}:1");
        await polling.PollAsync();
        var baselineRequests = RequestsFor(proxy, repo);

        await Registry.Pusher.PushImageAsync(repo, "1", created: Start.AddHours(1), cancellationToken: ct);
        await polling.PollAsync(TimeSpan.FromHours(2));

        var revisions = await polling.RowsAsync("SELECT image_created_at FROM monitor.tag_revision ORDER BY first_seen_at");
        Assert.Equal([Start.AddDays(-3), Start.AddHours(1)], revisions.Select(r => PollingHost.At(r["image_created_at"])));
        Assert.Equal((3, 3), (baselineRequests, RequestsFor(proxy, repo) - baselineRequests));
    }

    [Fact]
    public async Task A_first_sighting_with_a_registry_push_time_ages_from_it_and_reads_no_build_time_of_an_index()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = Unique("gcr");
        var index = await Registry.Pusher.PushIndexAsync(repo, "1", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64], created: Start.AddDays(-300), cancellationToken: ct);
        var uploaded = DateTimeOffset.FromUnixTimeMilliseconds(Start.AddDays(-10).ToUnixTimeMilliseconds());
        var api = new GcrTagListApi();
        api.Push(repo, index.Digest, uploaded, index.MediaType, "1");
        await using var gcr = await VendorStub.StartAsync(api, Registry.BaseUri);
        await using var polling = new PollingHost(await postgres.CreateDatabaseAsync(ct), new FakeTimeProvider(Start), new Dictionary<string, string?>
        {
            ["Registries:Hosts:gcr:Host"] = gcr.Authority,
            ["Registries:Hosts:gcr:Kind"] = "Gcr",
        });
        await polling.WatchAsync(gcr.Authority, $"{repo}:1");

        await polling.PollAsync(TimeSpan.Zero);

        var baseline = Assert.Single(await polling.RowsAsync("SELECT pushed_at, image_created_at FROM monitor.tag_revision"));
        Assert.Equal((uploaded, null), (PollingHost.At(baseline["pushed_at"]), baseline["image_created_at"]));

        // The listing (one request for the repository) and the index; no child manifest, no config.
        Assert.Equal([$"GET /v2/{repo}/tags/list", $"GET /v2/{repo}/manifests/{index.Digest}"], gcr.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    private static void AssertSummary(JsonElement summary, string status, string ageSource, DateTimeOffset ageMeasuredFrom, string explanation)
    {
        Assert.Equal(
            (status, ageSource, ageMeasuredFrom, explanation),
            (summary.GetProperty("status").GetString(), summary.GetProperty("ageSource").GetString(), summary.GetProperty("ageMeasuredFrom").GetDateTimeOffset(),
                summary.GetProperty("statusExplanation").GetString()));
    }

    private static int RequestsFor(FaultProxy proxy, string repository) =>
        proxy.Answered.Count(request => request.Contains($"/v2/{repository}/", StringComparison.Ordinal));

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
