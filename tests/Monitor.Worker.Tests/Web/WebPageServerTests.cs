using System.Net;
using Monitor.Testing.Postgres;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Web;

/// <summary>
/// A host whose fleet holds what a hostile registry or watchlist could put on a page: markup in a poll error and in a
/// repository name (written past the parser, as a corrupt row would be), and one ordinary tag with history.
/// </summary>
public sealed class HostileFleetHost(PostgresServer postgres) : SeededHost(postgres, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero))
{
    public const string Error = "<script>alert('error')</script> & \"quoted\" <img src=x onerror=alert(1)>";
    public const string HostileRepository = "evil/<b>bold</b>";
    public const string Ordinary = "registry.example/team/app:1.0";

    /// <summary>A failure as the registry client words it (kind: request: cause) once the registry's circuit opened.</summary>
    public const string CircuitOpenError = "circuit_open: HEAD manifest registry.example/team/down:1: could not reach registry.example " +
                                           "(NameResolutionError: Name or service not known (registry.example:443)); registry.example failed repeatedly, " +
                                           "so requests to it are suspended for 00:00:30 (circuit open)";

    protected override async Task SeedAsync(string connectionString)
    {
        var history = new HistoryBuilder(connectionString);
        var ordinary = await history.AddTagAsync("registry.example", "team/app", "1.0", status: "failing", group: "default");
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var day = 0; day <= 56; day += 7)
        {
            await history.AddRevisionAsync(ordinary, $"app#{day}", start.AddDays(day));
        }

        await history.AddTagAsync("registry.example", HostileRepository, "latest", group: "default");
        await ExecuteAsync(connectionString, "UPDATE monitor.watched_tag SET last_error = $1, consecutive_failures = 2 WHERE id = $2", Error, ordinary);
        var unreachable = await history.AddTagAsync("registry.example", "team/down", "1", status: "failing", group: "default");
        await ExecuteAsync(connectionString, "UPDATE monitor.watched_tag SET last_error = $1, consecutive_failures = 3 WHERE id = $2", CircuitOpenError, unreachable);
    }
}

/// <summary>The web pages as HTTP answers: status codes, HTML escaping, and the API, health, metrics and OpenAPI beside them unchanged.</summary>
[Collection(OneHostAtATime.Name)]
public sealed class WebPageServerTests(HostileFleetHost fleet) : IClassFixture<HostileFleetHost>
{
    private HttpClient Http => fleet.Host.Http;

    [Theory]
    [InlineData("/")]
    [InlineData("/?status=stale&sort=reference&order=asc&page=1&pageSize=25")]
    [InlineData("/?search=&registry=&repository=&group=&status=&sort=age&order=desc&pageSize=100")]
    [InlineData("/vendors")]
    [InlineData("/vendors?registry=registry.example&page=2")]
    [InlineData("/tags/" + HostileFleetHost.Ordinary)]
    [InlineData("/tags/registry.example/team/app%3A1.0")]
    public async Task Pages_are_html_documents(string path)
    {
        var (status, type, body) = await GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", type);
        Assert.StartsWith("<!DOCTYPE html>", body, StringComparison.Ordinal);
        Assert.Contains("<main id=\"main\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_that_is_not_watched_is_a_404_page()
    {
        var (status, type, body) = await GetAsync("/tags/registry.example/team/other:2.0");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("text/html", type);
        Assert.Contains("registry.example/team/other:2.0 is not watched.", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/fleet", "/fleet")]
    [InlineData("/vendors/extra/path", "/vendors/extra/path")]
    [InlineData("/tag/registry.example/team/app:1.0", "/tag/registry.example/team/app:1.0")]
    public async Task A_path_no_page_serves_is_a_404_page_that_names_it(string path, string named)
    {
        var (status, type, body) = await GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("text/html", type);
        Assert.Contains($"Monitor has no page at {named}.", WebUtility.HtmlDecode(body), StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tags/Team/App:1", "must be lowercase")]
    [InlineData("/tags/app:-bad", "tag (-bad) is invalid")]
    [InlineData("/?status=rotten", "status must be one of fresh, due, stale, unknown, missing")]
    [InlineData("/?sort=size", "sort must be one of age, median, rebuilds30d, reference")]
    [InlineData("/?page=0", "page must be ≥ 1")]
    [InlineData("/?pageSize=1001", "pageSize between 1 and 1000")]
    [InlineData("/?page=abc", "page and pageSize must be whole numbers")]
    public async Task Bad_input_is_a_400_page_saying_what_is_wrong(string path, string message)
    {
        var (status, type, body) = await GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("text/html", type);
        Assert.Contains(message, WebUtility.HtmlDecode(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/tags/" + HostileFleetHost.Ordinary)]
    public async Task A_poll_error_with_markup_is_shown_as_text(string path)
    {
        var (_, _, body) = await GetAsync(path);

        Assert.DoesNotContain("<script>", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#x27;error&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot; &lt;img src=x onerror=alert(1)&gt;", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fleet_shows_a_failures_cause_first_and_the_whole_text_as_its_title_and_on_the_tag_page()
    {
        var (_, _, fleetPage) = await GetAsync("/?search=team/down");
        var (_, _, tagPage) = await GetAsync("/tags/registry.example/team/down:1");
        var cause = HostileFleetHost.CircuitOpenError[(HostileFleetHost.CircuitOpenError.IndexOf("could not reach", StringComparison.Ordinal))..];

        Assert.Contains($"title=\"{HostileFleetHost.CircuitOpenError}\">{cause}</span>", WebUtility.HtmlDecode(fleetPage), StringComparison.Ordinal);
        Assert.Contains($">{HostileFleetHost.CircuitOpenError}</dd>", WebUtility.HtmlDecode(tagPage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repository_name_with_markup_is_shown_as_text_and_linked_escaped()
    {
        var (_, _, fleetPage) = await GetAsync("/?sort=reference");
        var (_, _, vendors) = await GetAsync("/vendors");

        Assert.All(new[] { fleetPage, vendors }, body =>
        {
            Assert.DoesNotContain("<b>", body, StringComparison.Ordinal);

            // The fleet page lets the name break after its slashes (<wbr>), the vendor page does not.
            Assert.Contains("&lt;b&gt;bold&lt;/", body, StringComparison.Ordinal);
        });
        Assert.Contains("href=\"/tags/registry.example/evil/%3Cb%3Ebold%3C/b%3E%3Alatest\"", fleetPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_query_values_come_back_escaped()
    {
        var (status, _, body) = await GetAsync("/?search=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&repository=%3Cb%3E");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<script>", body, StringComparison.Ordinal);
        Assert.Contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stylesheet_and_icon_come_from_the_service_itself()
    {
        var (_, _, body) = await GetAsync("/");
        var links = System.Text.RegularExpressions.Regex.Matches(body, "<(?:link|script|img)[^>]*(?:href|src)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(2, links.Count);
        foreach (var link in links)
        {
            Assert.DoesNotContain("//", link, StringComparison.Ordinal);
            using var response = await Http.GetAsync(new Uri(link, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True((await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length > 100, link);
        }

        Assert.DoesNotContain("<script", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/nope")]
    [InlineData("/api/tags/registry.example/team/other:2.0")]
    public async Task Unknown_api_paths_and_tags_still_get_problem_documents(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_metrics_and_the_OpenAPI_document_answer_beside_the_pages_which_it_does_not_list()
    {
        foreach (var path in new[] { "/healthz", "/readyz", "/metrics" })
        {
            using var response = await Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        }

        var openApi = await fleet.Host.GetJsonAsync("/openapi/v1.json");
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/tags", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p, StringComparison.Ordinal));
        Assert.Contains(openApi.GetProperty("paths").GetProperty("/api/tags").GetProperty("get").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "search");
    }

    [Fact]
    public async Task Api_search_finds_tags_by_part_of_their_name_in_any_case()
    {
        var page = await fleet.Host.GetJsonAsync("/api/tags?search=TEAM/APP");
        var none = await fleet.Host.GetJsonAsync("/api/tags?search=nothing-like-it");

        Assert.Equal([HostileFleetHost.Ordinary], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()));
        Assert.Equal(0, none.GetProperty("total").GetInt32());
    }

    private async Task<(HttpStatusCode Status, string? MediaType, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}

/// <summary>What the browser tests do without a browser.</summary>
public sealed class ChromiumRequirementTests
{
    [Fact]
    public void Without_chromium_the_browser_tests_fail_saying_how_to_install_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Chromium.RequireExecutable("/nonexistent/chromium"));

        Assert.Contains("run .ci/install-prerequisites", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/chromium", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_browser_tests_drive_debians_chromium() => Assert.True(File.Exists(Chromium.ExecutablePath), $"{Chromium.ExecutablePath} is missing: run .ci/install-prerequisites");
}

/// <summary>The pages of a service that watches nothing yet.</summary>
[Collection(OneHostAtATime.Name)]
public sealed class EmptyFleetPageTests(EmptyFleetPageTests.Host host) : IClassFixture<EmptyFleetPageTests.Host>
{
    public sealed class Host(PostgresServer postgres) : ApiHostFixture(postgres, new Dictionary<string, string?>());

    [Theory]
    [InlineData("/", "No tag is watched yet.")]
    [InlineData("/?status=stale", "No tag is watched yet.")]
    [InlineData("/vendors", "No tag is watched yet: nothing to compare.")]
    public async Task Say_that_nothing_is_watched(string path, string text)
    {
        using var response = await host.Host.Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(text, body, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", body, StringComparison.Ordinal);
    }
}
