using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Testing.Postgres;
using Monitor.Worker.Hosting;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Hosting;

/// <summary>
/// <c>GET /api/tags</c> on the real host: filters, sort orders (unknown values last, ties by reference) and paging,
/// checked against the keys the items themselves carry (all computed for the same moment).
/// </summary>
public sealed class TagListEndpointTests(PostgresServer postgres) : IAsyncLifetime
{
    private WebApplication? app;
    private HttpClient? http;
    private string? watchlist;

    private HttpClient Http => http!;

    public async ValueTask InitializeAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        await SeedAsync(new HistoryBuilder(connectionString));
        watchlist = Path.Combine(Path.GetTempPath(), $"monitor-empty-watchlist-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(watchlist, "watchlist:\n  groups: []\n  entries: []\n", TestContext.Current.CancellationToken);
        // The seeded tags name quay.io: the automatic back-fill would ask the real registry for their histories.
        app = MonitorApplication.Build(["--Urls=http://127.0.0.1:0", $"--WatchlistFile={watchlist}", "--Backfill:Automatic=false"], connectionString);
        await app.StartAsync(TestContext.Current.CancellationToken);
        http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()) };
        for (var attempt = 0; attempt < 150 && (await PageAsync("/api/tags?pageSize=1")).Total != Tags; attempt++)
        {
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        http?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (watchlist is not null)
        {
            File.Delete(watchlist);
        }
    }

    private const int Tags = 13;

    [Theory]
    [InlineData("age", "desc")]
    [InlineData("age", "asc")]
    [InlineData("median", "desc")]
    [InlineData("median", "asc")]
    [InlineData("rebuilds30d", "desc")]
    [InlineData("rebuilds30d", "asc")]
    [InlineData("reference", "asc")]
    [InlineData("reference", "desc")]
    public async Task Items_are_sorted_by_the_key_unknown_last_ties_by_reference(string sort, string order)
    {
        var page = await PageAsync($"/api/tags?sort={sort}&order={order}&pageSize=1000");

        Assert.Equal(Tags, page.Total);
        Assert.Equal(Tags, page.Items.Count);
        Assert.Equal(Expected(page.Items, sort, order == "desc").Select(i => i.Reference), page.Items.Select(i => i.Reference));
    }

    [Fact]
    public async Task The_default_is_oldest_first_and_pages_are_slices_of_the_full_order()
    {
        var all = await PageAsync("/api/tags?pageSize=1000");
        var first = await PageAsync("/api/tags");
        var second = await PageAsync("/api/tags?page=2&pageSize=4");
        var beyond = await PageAsync("/api/tags?page=9&pageSize=4");

        Assert.Equal(Expected(all.Items, "age", descending: true).Select(i => i.Reference), all.Items.Select(i => i.Reference));
        Assert.Equal(all.Items.Select(i => i.Reference), first.Items.Select(i => i.Reference));
        Assert.Equal(all.Items.Skip(4).Take(4).Select(i => i.Reference), second.Items.Select(i => i.Reference));
        Assert.Equal((Tags, 2, 4), (second.Total, second.Page, second.PageSize));
        Assert.Empty(beyond.Items);
        Assert.Equal(Tags, beyond.Total);
    }

    [Fact]
    public async Task Filters_narrow_the_total_and_keep_the_order()
    {
        var all = (await PageAsync("/api/tags?pageSize=1000")).Items;
        foreach (var status in new[] { "fresh", "due", "stale", "unknown", "missing" })
        {
            var page = await PageAsync($"/api/tags?status={status}&pageSize=1000");
            Assert.Equal(all.Where(i => i.Status == status).Select(i => i.Reference), page.Items.Select(i => i.Reference));
            Assert.Equal(page.Items.Count, page.Total);
        }

        Assert.Contains(all, i => i.Status == "stale");
        Assert.Contains(all, i => i.Status == "unknown");
        Assert.Contains(all, i => i.Status == "missing");
        var quay = await PageAsync("/api/tags?registry=quay.io&group=apps&pageSize=1000");
        Assert.Equal(all.Where(i => i.Registry == "quay.io" && i.Group == "apps").Select(i => i.Reference), quay.Items.Select(i => i.Reference));
        Assert.NotEmpty(quay.Items);
        var repository = await PageAsync("/api/tags?repository=org/same&sort=reference&order=asc&pageSize=2");
        Assert.Equal(4, repository.Total);
        Assert.Equal(["docker.io/org/same:a", "docker.io/org/same:b"], repository.Items.Select(i => i.Reference));
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync(new Uri("/api/tags?status=old", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync(new Uri("/api/tags?sort=name", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync(new Uri("/api/tags?pageSize=1001", UriKind.Relative))).StatusCode);
    }

    /// <summary>The documented order, from the values the items carry.</summary>
    private static IEnumerable<Item> Expected(IReadOnlyList<Item> items, string sort, bool descending)
    {
        if (sort == "reference")
        {
            return descending ? items.OrderByDescending(i => i.Reference, StringComparer.Ordinal) : items.OrderBy(i => i.Reference, StringComparer.Ordinal);
        }

        Func<Item, double?> key = sort switch
        {
            "age" => i => i.AgeSeconds,
            "median" => i => i.MedianIntervalSeconds,
            _ => i => i.Rebuilds30d,
        };
        var known = items.Where(i => key(i) is not null);
        var ordered = descending ? known.OrderByDescending(i => key(i)!.Value) : known.OrderBy(i => key(i)!.Value);
        return ordered.ThenBy(i => i.Reference, StringComparer.Ordinal)
            .Concat(items.Where(i => key(i) is null).OrderBy(i => i.Reference, StringComparer.Ordinal));
    }

    /// <summary>
    /// Four tags with the same history (ties on every key), weekly and daily cadences, a stale one, baselines only
    /// (no median), one never polled (no age) and one gone from the registry; three registries, two groups.
    /// </summary>
    private static async Task SeedAsync(HistoryBuilder history)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var name in new[] { "d", "b", "a", "c" })
        {
            var id = await history.AddTagAsync("docker.io", "org/same", name);
            for (var i = 0; i < 8; i++)
            {
                await history.AddRevisionAsync(id, $"sha256:same-{name}-{i}", now.AddDays(-50 + (7 * i)).AddHours(-1));
            }
        }

        for (var t = 0; t < 3; t++)
        {
            var id = await history.AddTagAsync("quay.io", "org/daily", $"v{t}", group: t == 1 ? "base" : "apps");
            for (var i = 0; i < 40; i++)
            {
                await history.AddRevisionAsync(id, $"sha256:daily-{t}-{i}", now.AddDays(-40 + i).AddHours(-3 - t));
            }
        }

        var stale = await history.AddTagAsync("ghcr.io", "org/stale", "1", group: "apps");
        for (var i = 0; i < 5; i++)
        {
            await history.AddRevisionAsync(stale, $"sha256:stale-{i}", now.AddDays(-200 + (10 * i)));
        }

        foreach (var (name, age) in new[] { ("x", 5), ("y", 5), ("z", 45) })
        {
            var id = await history.AddTagAsync("ghcr.io", "org/baseline", name);
            await history.AddRevisionAsync(id, $"sha256:baseline-{name}", now.AddDays(-age));
        }

        await history.AddTagAsync("ghcr.io", "org/pending", "new", status: "pending");
        var missing = await history.AddTagAsync("quay.io", "org/gone", "old", status: "missing", group: "apps");
        await history.AddRevisionAsync(missing, "sha256:gone-0", now.AddDays(-20));
        await history.AddRevisionAsync(missing, "sha256:gone-1", now.AddDays(-10));
    }

    private async Task<TagPage> PageAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<TagPage>(await response.Content.ReadAsStringAsync(), JsonOptions)!;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record TagPage(int Total, int Page, int PageSize, IReadOnlyList<Item> Items);

    private sealed record Item(string Reference, string Registry, string Repository, string Group, string Status, double? AgeSeconds, double? MedianIntervalSeconds, int Rebuilds30d);
}
