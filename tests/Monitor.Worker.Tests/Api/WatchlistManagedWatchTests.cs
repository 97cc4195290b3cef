using Monitor.Testing.Postgres;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Api;

/// <summary>
/// A host whose watchlist names <c>python:3.13-slim</c> in group <c>docker-hub</c>, with an allowlist of its own
/// (written in capitals, to show entries are compared in canonical form).
/// </summary>
public sealed class WatchlistApiHost(PostgresServer postgres) : ApiHostFixture(postgres, new Dictionary<string, string?>
{
    ["Api:ApiKey"] = KeyedApiHost.Key,
    ["Watchlist:Entries:0:Repository"] = "python",
    ["Watchlist:Entries:0:Tags:0"] = "3.13-slim",
    ["Watchlist:Entries:0:Group"] = "docker-hub",
    ["Api:AllowedRegistries:0"] = "DOCKER.IO",
    ["Api:AllowedRegistries:1"] = "ghcr.io",
    ["Api:AllowedRegistries:2"] = "*.Corp.Example:5000",
}, "docker-hub")
{
    public const string Configured = "docker.io/library/python:3.13-slim";
}

/// <summary>What the API answers about tags the watchlist file manages, and that a configured allowlist is the whole allowlist.</summary>
[Collection(OneHostAtATime.Name)]
public sealed class WatchlistManagedWatchTests(WatchlistApiHost api) : IClassFixture<WatchlistApiHost>
{
    private MonitorHost Host => api.Host;

    [Theory]
    [InlineData("python:3.13-slim", null)]
    [InlineData("docker.io/library/python:3.13-slim", "default")]
    [InlineData("DOCKER.IO/library/python:3.13-slim", "docker-hub")]
    public async Task Adding_a_tag_the_watchlist_watches_reports_its_real_group_and_source(string reference, string? group)
    {
        var (status, body) = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference, group }, KeyedApiHost.Key);

        Assert.Equal(200, status);
        Assert.Equal((WatchlistApiHost.Configured, "docker-hub", false, "config"),
            (body.GetProperty("reference").GetString(), body.GetProperty("group").GetString(), body.GetProperty("added").GetBoolean(), body.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Adding_a_tag_twice_reports_the_group_it_was_added_in_and_the_api_as_its_source()
    {
        const string reference = "ghcr.io/acme/added-in-docker-hub:1";

        var first = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference, group = "docker-hub" }, KeyedApiHost.Key);
        var again = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference }, KeyedApiHost.Key);

        Assert.Equal((201, 200), (first.Status, again.Status));
        Assert.Equal(("docker-hub", "api", true), (first.Body.GetProperty("group").GetString(), first.Body.GetProperty("source").GetString(), first.Body.GetProperty("added").GetBoolean()));
        Assert.Equal(("docker-hub", "api", false), (again.Body.GetProperty("group").GetString(), again.Body.GetProperty("source").GetString(), again.Body.GetProperty("added").GetBoolean()));
    }

    [Theory]
    [InlineData("python:3.13-slim")]
    [InlineData("index.docker.io/library/python:3.13-slim")]
    [InlineData("DOCKER.IO/python:3.13-slim")]
    public async Task Removing_a_tag_the_watchlist_watches_is_409_naming_the_file_and_keeps_it_watched(string reference)
    {
        var response = await Host.SendContentAsync(HttpMethod.Delete, $"/api/watches/{reference}", null, KeyedApiHost.Key);

        Assert.Equal(409, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("Watched by the watchlist file", response.Title);
        Assert.Equal(
            $"{WatchlistApiHost.Configured} is watched by the watchlist file {Host.WatchlistFile}: remove it from that file's entries, which are applied at every start (removing it here would be undone by the next one).",
            response.Detail);
        var (status, detail) = await Host.SendAsync(HttpMethod.Get, $"/api/tags/{WatchlistApiHost.Configured}");
        Assert.Equal(200, status);
        Assert.Equal("docker-hub", detail.GetProperty("summary").GetProperty("group").GetString());
    }

    [Fact]
    public async Task A_tag_of_the_watchlists_repository_that_the_file_does_not_name_can_be_removed()
    {
        const string reference = "python:3.12-slim";
        var added = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference }, KeyedApiHost.Key);

        var removed = await Host.SendAsync(HttpMethod.Delete, $"/api/watches/{reference}", apiKey: KeyedApiHost.Key);

        Assert.Equal((201, 204), (added.Status, removed.Status));
    }

    [Theory]
    [InlineData("gcr.io/distroless/static:nonroot", "gcr.io")]
    [InlineData("quay.io/prometheus/node-exporter:v1", "quay.io")]
    [InlineData("x.corp.example/app:1", "x.corp.example")]
    [InlineData("x.corp.example:5001/app:1", "x.corp.example:5001")]
    [InlineData("corp.example:5000/app:1", "corp.example:5000")]
    public async Task A_configured_allowlist_replaces_the_default_one(string reference, string registry)
    {
        var (status, body) = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference }, KeyedApiHost.Key);

        Assert.Equal(400, status);
        Assert.Equal("Registry not allowed", body.GetProperty("title").GetString());
        Assert.Contains($"Registry '{registry}' is not in Api:AllowedRegistries", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ghcr.io/acme/allowed:1", "ghcr.io/acme/allowed:1")]
    [InlineData("Build.CORP.example:5000/team/app:1", "build.corp.example:5000/team/app:1")]
    [InlineData("a.b.corp.example:05000/team/app:1", "a.b.corp.example:5000/team/app:1")]
    public async Task Entries_of_a_configured_allowlist_match_in_canonical_form(string reference, string canonical)
    {
        var (status, body) = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference }, KeyedApiHost.Key);

        Assert.Equal(201, status);
        Assert.Equal(canonical, body.GetProperty("reference").GetString());
    }
}
