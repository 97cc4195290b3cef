using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Tests.Watchlist;

/// <summary>Pattern entries list the real registry's tags and watch the matching ones.</summary>
public sealed class DiscoveryTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    [Fact]
    public async Task Discovery_watches_matching_tags_skips_signatures_and_never_resurrects_a_removed_tag()
    {
        var repo = $"disc-{Guid.NewGuid():N}"[..16];
        var image = await registry.Server.Pusher.PushImageAsync(repo, "3.12-slim");
        foreach (var tag in new[] { "3.13-slim", "3.13-alpine", $"sha256-{new string('b', 64)}.sig" })
        {
            await registry.Server.Pusher.TagAsync(image, tag);
        }

        await using var host = new PollingHost(await postgres.CreateDatabaseAsync(), settings: new Dictionary<string, string?>
        {
            ["Watchlist:Entries:0:Repository"] = $"{registry.Server.Registry}/{repo}",
            ["Watchlist:Entries:0:Include:0"] = "3.1?-slim",
            ["Watchlist:Entries:0:Include:1"] = "*.sig",
            ["Watchlist:Entries:0:Discover"] = "true",
        });
        var synchronizer = host.Get<WatchlistSynchronizer>();

        var added = await synchronizer.DiscoverAsync(onlyDiscoverEntries: true, CancellationToken.None);
        await host.Get<WatchStore>().DisableAsync(new TagReference(registry.Server.Registry, repo, "3.12-slim"), CancellationToken.None);
        await registry.Server.Pusher.TagAsync(image, "3.14-slim");
        var addedLater = await synchronizer.DiscoverAsync(onlyDiscoverEntries: true, CancellationToken.None);

        Assert.Equal(2, added);
        Assert.Equal(1, addedLater);
        var watched = (await host.Get<WatchStore>().ListAsync(null, includeDisabled: true, CancellationToken.None)).Where(w => w.Enabled).Select(w => w.Reference.Tag).Order();
        Assert.Equal(["3.13-slim", "3.14-slim"], watched);
    }
}
