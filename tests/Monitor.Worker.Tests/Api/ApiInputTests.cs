using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Monitor.Testing.Postgres;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Api;

/// <summary>One real host with an API key configured and the default registry allowlist.</summary>
public sealed class KeyedApiHost(PostgresServer postgres) : IAsyncLifetime
{
    public const string Key = "correct-horse-battery-staple";

    private MonitorHost? host;

    public MonitorHost Host => host ?? throw new InvalidOperationException("not initialised");

    public async ValueTask InitializeAsync() =>
        host = await MonitorHost.StartAsync(await postgres.CreateDatabaseAsync(), new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)),
            new Dictionary<string, string?> { ["Api:ApiKey"] = Key });

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}

/// <summary>What the HTTP API accepts and refuses, and how it says so.</summary>
[Collection(OneHostAtATime.Name)]
public sealed class ApiInputTests(KeyedApiHost api, PostgresServer postgres) : IClassFixture<KeyedApiHost>
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private MonitorHost Host => api.Host;

    [Theory]
    [InlineData("docker/Docker", "repository name (docker/Docker) must be lowercase")]
    [InlineData("python:-bad", "tag (-bad) is invalid")]
    [InlineData("ghcr.io/acme/app@sha256:abc", "digest (sha256:abc) is invalid")]
    [InlineData("bad_host:5000/app:1", "registry host (bad_host:5000) is invalid")]
    public async Task Malformed_reference_is_400_with_the_parsers_message(string reference, string message)
    {
        var detail = await Host.SendAsync(HttpMethod.Get, $"/api/tags/{reference}");
        var post = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference }, KeyedApiHost.Key);
        var delete = await Host.SendAsync(HttpMethod.Delete, $"/api/watches/{reference}", apiKey: KeyedApiHost.Key);

        Assert.All([detail, post, delete], response =>
        {
            Assert.Equal(400, response.Status);
            Assert.Contains(message, response.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("Invalid image reference", response.Body.GetProperty("title").GetString());
        });
    }

    [Fact]
    public async Task A_digest_reference_cannot_be_watched()
    {
        var (status, body) = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference = $"ghcr.io/acme/app@{Digest}" }, KeyedApiHost.Key);

        Assert.Equal(400, status);
        Assert.Contains("pins a digest; watch a tag instead", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_without_a_reference_is_400()
    {
        var (status, body) = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { group = "default" }, KeyedApiHost.Key);

        Assert.Equal(400, status);
        Assert.Contains("'reference' is required", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status=rotten", "status must be one of fresh, due, stale, unknown, missing")]
    [InlineData("sort=size", "sort must be one of age, median, rebuilds30d, reference")]
    [InlineData("order=sideways", "order asc or desc")]
    [InlineData("page=0", "page must be ≥ 1")]
    [InlineData("pageSize=0", "pageSize between 1 and 1000")]
    [InlineData("pageSize=1001", "pageSize between 1 and 1000")]
    public async Task Bad_list_parameters_are_400_saying_what_is_allowed(string query, string message)
    {
        var (status, body) = await Host.SendAsync(HttpMethod.Get, $"/api/tags?{query}");

        Assert.Equal(400, status);
        Assert.Contains(message, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=abc")]
    [InlineData("pageSize=1.5")]
    public async Task Non_numeric_paging_is_400(string query)
    {
        var (status, _) = await Host.SendAsync(HttpMethod.Get, $"/api/tags?{query}");

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    [InlineData("CORRECT-HORSE-BATTERY-STAPLE")]
    [InlineData("correct-horse-battery")]
    public async Task Mutations_without_the_right_key_are_401(string? key)
    {
        var post = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference = "ghcr.io/acme/unauthorised:1" }, key);
        var delete = await Host.SendAsync(HttpMethod.Delete, "/api/watches/ghcr.io/acme/unauthorised:1", apiKey: key);

        Assert.Equal((401, 401), (post.Status, delete.Status));
        Assert.Contains("X-Api-Key", post.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var notWatched = await Host.SendAsync(HttpMethod.Get, "/api/tags/ghcr.io/acme/unauthorised:1");
        Assert.Equal(404, notWatched.Status);
    }

    [Fact]
    public async Task Mutations_are_403_when_no_key_is_configured()
    {
        await using var keyless = await MonitorHost.StartAsync(await postgres.CreateDatabaseAsync(), new FakeTimeProvider());

        var post = await keyless.SendAsync(HttpMethod.Post, "/api/watches", new { reference = "ghcr.io/acme/app:1" }, "any-key");
        var delete = await keyless.SendAsync(HttpMethod.Delete, "/api/watches/ghcr.io/acme/app:1", apiKey: "any-key");
        var read = await keyless.SendAsync(HttpMethod.Get, "/api/tags");

        Assert.Equal((403, 403), (post.Status, delete.Status));
        Assert.Contains("no Api:ApiKey is configured", post.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, read.Status);
    }

    [Theory]
    [InlineData("registry.evil.test/app:1", "registry.evil.test")]
    [InlineData("evilgcr.io/app:1", "evilgcr.io")]
    [InlineData("127.0.0.1:5000/app:1", "127.0.0.1:5000")]
    public async Task A_registry_outside_the_allowlist_is_400(string reference, string registry)
    {
        var (status, body) = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference }, KeyedApiHost.Key);

        Assert.Equal(400, status);
        Assert.Equal("Registry not allowed", body.GetProperty("title").GetString());
        Assert.Contains($"Registry '{registry}' is not in Api:AllowedRegistries", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_group_is_400()
    {
        var (status, body) = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference = "ghcr.io/acme/grouped:1", group = "nightly" }, KeyedApiHost.Key);

        Assert.Equal(400, status);
        Assert.Contains("Unknown watch group 'nightly'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ghcr.io/acme/app:1.0", "ghcr.io/acme/app:1.0")]
    [InlineData("europe-docker.pkg.dev/proj/repo/image:2", "europe-docker.pkg.dev/proj/repo/image:2")]
    [InlineData("python", "docker.io/library/python:latest")]
    public async Task Adding_an_allowed_tag_is_201_then_200_and_removing_it_204_then_404(string reference, string canonical)
    {
        var first = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference }, KeyedApiHost.Key);
        var again = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference }, KeyedApiHost.Key);
        var watched = await Host.SendAsync(HttpMethod.Get, $"/api/tags/{canonical}");
        var removed = await Host.SendAsync(HttpMethod.Delete, $"/api/watches/{reference}", apiKey: KeyedApiHost.Key);
        var removedAgain = await Host.SendAsync(HttpMethod.Delete, $"/api/watches/{reference}", apiKey: KeyedApiHost.Key);

        Assert.Equal((201, 200, 200, 204, 404), (first.Status, again.Status, watched.Status, removed.Status, removedAgain.Status));
        Assert.Equal((canonical, "default", true), (first.Body.GetProperty("reference").GetString(), first.Body.GetProperty("group").GetString(), first.Body.GetProperty("added").GetBoolean()));
        Assert.False(again.Body.GetProperty("added").GetBoolean());
        Assert.Equal("unknown", watched.Body.GetProperty("summary").GetProperty("status").GetString());
        Assert.Equal(0, watched.Body.GetProperty("revisions").GetArrayLength());
    }

    [Fact]
    public async Task A_removed_watch_added_again_is_created_again()
    {
        const string reference = "ghcr.io/acme/returning:2";
        var first = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference }, KeyedApiHost.Key);
        var removed = await Host.SendAsync(HttpMethod.Delete, $"/api/watches/{reference}", apiKey: KeyedApiHost.Key);
        var again = await Host.SendAsync(HttpMethod.Post, "/api/watches", new { reference }, KeyedApiHost.Key);
        var removedAgain = await Host.SendAsync(HttpMethod.Delete, $"/api/watches/{reference}", apiKey: KeyedApiHost.Key);

        Assert.Equal((201, 204, 201, 204), (first.Status, removed.Status, again.Status, removedAgain.Status));
        Assert.True(again.Body.GetProperty("added").GetBoolean());
    }

    [Fact]
    public async Task Created_watch_points_at_its_tag_resource()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/watches", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { reference = "quay.io/acme/located:3" }),
        };
        request.Headers.Add("X-Api-Key", KeyedApiHost.Key);

        using var response = await Host.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/tags/quay.io/acme/located:3", response.Headers.Location?.OriginalString);
        var (status, _) = await Host.SendAsync(HttpMethod.Get, response.Headers.Location!.OriginalString);
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Detail_of_a_tag_nobody_watches_is_404()
    {
        var (status, body) = await Host.SendAsync(HttpMethod.Get, "/api/tags/ghcr.io/acme/never-watched:1");

        Assert.Equal(404, status);
        Assert.Contains("ghcr.io/acme/never-watched:1 is not watched", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_tag_and_watch_endpoints()
    {
        var document = await Host.GetJsonAsync("/openapi/v1.json");

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.True(paths.ContainsKey("/api/tags"), string.Join(", ", paths.Keys));
        Assert.True(paths["/api/tags"].TryGetProperty("get", out var list));
        Assert.Contains(list.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "sort");
        Assert.Contains(paths, p => p.Key.StartsWith("/api/tags/{", StringComparison.Ordinal) && p.Value.TryGetProperty("get", out _));
        Assert.True(paths.TryGetValue("/api/watches", out var watches) && watches.TryGetProperty("post", out _));
        Assert.Contains(paths, p => p.Key.StartsWith("/api/watches/{", StringComparison.Ordinal) && p.Value.TryGetProperty("delete", out _));
        Assert.Equal(JsonValueKind.Object, document.GetProperty("info").ValueKind);
    }

    [Theory]
    // The success schema named by one property it must have: the page's items, the detail's summary, the watch's reference.
    [InlineData("/api/tags", "get", "items", new[] { "200", "400" })]
    [InlineData("/api/tags/{", "get", "summary", new[] { "200", "400", "404" })]
    [InlineData("/api/watches", "post", "reference", new[] { "200", "201", "400", "401", "403" })]
    [InlineData("/api/watches/{", "delete", null, new[] { "204", "400", "401", "403", "404" })]
    public async Task The_openapi_document_describes_every_response_of_an_endpoint_with_its_schema(string path, string method, string? successProperty, string[] statuses)
    {
        var document = await Host.GetJsonAsync("/openapi/v1.json");

        var responses = Operation(document, path, method).GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);

        Assert.Equal(statuses.Order(StringComparer.Ordinal), responses.Keys.Order(StringComparer.Ordinal));
        foreach (var status in statuses)
        {
            var success = status.StartsWith('2');
            if (status == "204")
            {
                Assert.False(responses[status].TryGetProperty("content", out _), "204 has no body");
                continue;
            }

            var content = Assert.Single(responses[status].GetProperty("content").EnumerateObject());
            Assert.Equal(success ? "application/json" : "application/problem+json", content.Name);
            Assert.Contains(success ? successProperty! : "detail", Properties(document, content.Value.GetProperty("schema")).Keys);
        }
    }

    [Fact]
    public async Task The_openapi_document_gives_the_tag_page_and_its_items_their_schema()
    {
        var document = await Host.GetJsonAsync("/openapi/v1.json");

        var ok = Operation(document, "/api/tags", "get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var page = Properties(document, ok);
        Assert.Superset(new HashSet<string> { "total", "page", "pageSize", "snapshotAt", "items" }, page.Keys.ToHashSet());
        var items = Resolve(document, page["items"]);
        Assert.Equal("array", items.GetProperty("type").GetString());
        var item = Properties(document, items.GetProperty("items"));
        Assert.Superset(
            new HashSet<string>
            {
                "reference", "registry", "repository", "tag", "group", "status", "pollStatus", "currentDigest", "lastCheckedAt", "ageSeconds",
                "lastRebuildAt", "medianIntervalSeconds", "p90IntervalSeconds", "rebuilds7d", "rebuilds30d", "rebuilds90d", "rebuildsPerWeek",
                "rebuildsPerMonth", "nextRebuildExpectedAt", "staleAfterSeconds", "staleAfterRule", "ageMeasuredFrom", "ageSource", "statusExplanation",
            },
            item.Keys.ToHashSet());
    }

    private static JsonElement Operation(JsonElement document, string path, string method)
    {
        var paths = document.GetProperty("paths").EnumerateObject().ToList();
        var match = path.EndsWith('{') ? paths.Single(p => p.Name.StartsWith(path, StringComparison.Ordinal)) : paths.Single(p => p.Name == path);
        return match.Value.GetProperty(method);
    }

    /// <summary>The schema itself, following <c>$ref</c> into <c>components/schemas</c>.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..]);
        }

        return schema;
    }

    private static Dictionary<string, JsonElement> Properties(JsonElement document, JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && Resolve(document, schema).TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value)
            : [];
}
