using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Monitor.Testing.Postgres;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Api;

/// <summary>One real host with an API key configured and the default registry allowlist.</summary>
public sealed class KeyedApiHost(PostgresServer postgres) : ApiHostFixture(postgres, new Dictionary<string, string?>
{
    ["Api:ApiKey"] = Key,

    // The tests of this host make far more mutations than a client may; MutationRateLimitTests checks the limit.
    ["Api:MutationRateLimit:PermitLimit"] = "100000",
})
{
    public const string Key = "correct-horse-battery-staple";
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

    /// <summary>
    /// Spellings of a registry (default allowlist) and what POST and DELETE make of them: the canonical tag when allowed,
    /// "Registry not allowed" naming the canonical registry, or "Invalid image reference" for a spelling another parser
    /// could read as a different host.
    /// </summary>
    [Theory]
    // Case: the same registry, so the same watch.
    [InlineData("GCR.IO/distroless/bypass-case:nonroot", "allowed", "gcr.io/distroless/bypass-case:nonroot")]
    [InlineData("Ghcr.Io/acme/bypass-case:1", "allowed", "ghcr.io/acme/bypass-case:1")]
    [InlineData("EU.GCR.IO/proj/bypass-case:1", "allowed", "eu.gcr.io/proj/bypass-case:1")]
    [InlineData("DOCKER.IO/bypass-case", "allowed", "docker.io/library/bypass-case:latest")]
    // *.suffix: a name below the domain, not one that merely ends like it.
    [InlineData("x.gcr.io/proj/bypass-suffix:1", "allowed", "x.gcr.io/proj/bypass-suffix:1")]
    [InlineData("xn--80ak6aa92e.gcr.io/proj/bypass-suffix:1", "allowed", "xn--80ak6aa92e.gcr.io/proj/bypass-suffix:1")]
    [InlineData("evil-gcr.io/proj/bypass-suffix:1", "not allowed", "evil-gcr.io")]
    [InlineData("evilgcr.io/proj/bypass-suffix:1", "not allowed", "evilgcr.io")]
    [InlineData("gcr.io.evil.test/proj/bypass-suffix:1", "not allowed", "gcr.io.evil.test")]
    [InlineData("pkg.dev/proj/bypass-suffix:1", "not allowed", "pkg.dev")]
    // A port is part of the name.
    [InlineData("gcr.io:443/distroless/bypass-port:1", "not allowed", "gcr.io:443")]
    [InlineData("GCR.IO:0443/distroless/bypass-port:1", "not allowed", "gcr.io:443")]
    [InlineData("docker.io:5000/library/bypass-port:1", "not allowed", "docker.io:5000")]
    [InlineData("x.gcr.io:5000/proj/bypass-port:1", "not allowed", "x.gcr.io:5000")]
    [InlineData("gcr.io:99999/distroless/bypass-port:1", "invalid", "invalid port (99999)")]
    // Trailing dot.
    [InlineData("gcr.io./distroless/bypass-dot:1", "invalid", "registry host (gcr.io.) is invalid")]
    [InlineData("x.gcr.io./proj/bypass-dot:1", "invalid", "registry host (x.gcr.io.) is invalid")]
    // IDN: Unicode look-alikes and capitals that lowercase to ASCII are refused; punycode is compared as it is.
    [InlineData("g\u0441r.io/distroless/bypass-idn:1", "invalid", "is not ASCII")]
    [InlineData("registry.\u212A8s.io/bypass-idn:1", "invalid", "is not ASCII")]
    [InlineData("GCR.\u0130O/distroless/bypass-idn:1", "invalid", "is not ASCII")]
    [InlineData("\uFF47cr.io/distroless/bypass-idn:1", "invalid", "is not ASCII")]
    [InlineData("xn--gcr-nna.io/distroless/bypass-idn:1", "not allowed", "xn--gcr-nna.io")]
    [InlineData("xn--zz.gcr.io/proj/bypass-idn:1", "invalid", "(xn--zz) that is not valid punycode")]
    [InlineData("xn--a.gcr.io/proj/bypass-idn:1", "invalid", "(xn--a) that is not valid punycode")]
    // IP literals: canonical ones are names like any other (not allowed); other spellings are refused.
    [InlineData("127.0.0.1/bypass-ip:1", "not allowed", "127.0.0.1")]
    [InlineData("127.0.0.1:5000/bypass-ip:1", "not allowed", "127.0.0.1:5000")]
    [InlineData("[::1]:5000/bypass-ip:1", "not allowed", "[::1]:5000")]
    [InlineData("[0:0:0:0:0:0:0:1]/bypass-ip:1", "not allowed", "[::1]")]
    [InlineData("[::FFFF:7F00:1]:5000/bypass-ip:1", "not allowed", "127.0.0.1:5000")]
    [InlineData("0x7f.0.0.1:5000/bypass-ip:1", "invalid", "(0x7f.0.0.1) reads as an IPv4 address")]
    [InlineData("2130706433:5000/bypass-ip:1", "invalid", "(2130706433) reads as an IPv4 address")]
    [InlineData("127.1:5000/bypass-ip:1", "invalid", "(127.1) reads as an IPv4 address")]
    [InlineData("0177.0.0.1/bypass-ip:1", "invalid", "(0177.0.0.1) reads as an IPv4 address")]
    [InlineData("gcr.0x7f/bypass-ip:1", "invalid", "(gcr.0x7f) reads as an IPv4 address")]
    [InlineData("[::ffff:127.0.0.1]:5000/bypass-ip:1", "invalid", "([::ffff:127.0.0.1]:5000) is invalid")]
    [InlineData("[::7f00:1]/bypass-ip:1", "invalid", "IPv4-compatible")]
    [InlineData("[fe80::1%25lo]/bypass-ip:1", "invalid", "is invalid")]
    public async Task The_allowlist_cannot_be_bypassed_by_spelling_the_registry_differently(string reference, string outcome, string expected)
    {
        var post = await Host.SendContentAsync(HttpMethod.Post, "/api/watches", System.Net.Http.Json.JsonContent.Create(new { reference }), KeyedApiHost.Key);
        var delete = await Host.SendContentAsync(HttpMethod.Delete, $"/api/watches/{Uri.EscapeDataString(reference).Replace("%2F", "/", StringComparison.Ordinal)}", null, KeyedApiHost.Key);

        switch (outcome)
        {
            case "allowed":
                Assert.Equal((201, 204), (post.Status, delete.Status));
                Assert.Equal(expected, post.Body.GetProperty("reference").GetString());
                break;
            case "not allowed":
                Assert.All([post, delete], response =>
                {
                    Assert.Equal((400, "Registry not allowed"), (response.Status, response.Title));
                    Assert.Equal($"Registry '{expected}' is not in Api:AllowedRegistries.", response.Detail);
                });
                break;
            default:
                Assert.All([post, delete], response =>
                {
                    Assert.Equal((400, "Invalid image reference"), (response.Status, response.Title));
                    Assert.Contains(expected, response.Detail, StringComparison.Ordinal);
                });
                break;
        }
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
    [InlineData("/api/watches", "post", "reference", new[] { "200", "201", "400", "401", "403", "413", "415", "429" })]
    [InlineData("/api/watches/{", "delete", null, new[] { "204", "400", "401", "403", "404", "409", "429" })]
    [InlineData("/api/tags/{", "post", "added", new[] { "200", "400", "401", "403", "404", "429", "502" })]
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
    public async Task The_openapi_document_describes_the_watch_body_and_result()
    {
        var document = await Host.GetJsonAsync("/openapi/v1.json");

        var post = Operation(document, "/api/watches", "post");
        var body = Assert.Single(post.GetProperty("requestBody").GetProperty("content").EnumerateObject());
        Assert.Equal("application/json", body.Name);
        Assert.Equal(["group", "reference"], Properties(document, body.Value.GetProperty("schema")).Keys.Order(StringComparer.Ordinal));
        var ok = post.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Superset(new HashSet<string> { "reference", "group", "added", "source" }, Properties(document, ok).Keys.ToHashSet());
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
        var match = path.EndsWith('{')
            ? paths.Single(p => p.Name.StartsWith(path, StringComparison.Ordinal) && p.Value.TryGetProperty(method, out _))
            : paths.Single(p => p.Name == path);
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
