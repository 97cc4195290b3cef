using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Core.References;
using Monitor.Data.Cadence;
using Monitor.Data.History;
using Monitor.Data.Watches;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Cadence;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Cadence;

/// <summary>The in-memory cadence snapshot over real polls of a real registry, on a simulated clock.</summary>
public sealed class CadenceSnapshotTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    private RegistryServer Registry => registry.Server;

    [Fact]
    public async Task Refresh_recomputes_only_tags_whose_current_revision_changed()
    {
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync());
        var (moving, vanishing, quiet) = (Unique("moving"), Unique("vanishing"), Unique("quiet"));
        foreach (var repository in new[] { moving, vanishing, quiet })
        {
            await Registry.Pusher.PushImageAsync(repository, "1");
            await host.WatchAsync(Registry.Registry, $"{repository}:1");
        }

        await host.PollAsync();
        using var snapshot = new CadenceSnapshot(host.Get<WatchStore>(), host.Get<HistoryReader>(), host.Get<CadenceSummaryStore>(), new CadenceSettings(), host.Time, NullLogger<CadenceSnapshot>.Instance);

        var initial = await snapshot.RefreshAsync(CancellationToken.None);
        await host.PollAsync(TimeSpan.FromDays(1));
        var afterQuietPoll = await snapshot.RefreshAsync(CancellationToken.None);

        await Registry.Pusher.PushImageAsync(moving, "1");
        await host.PollAsync(TimeSpan.FromDays(1));
        var afterRebuild = await snapshot.RefreshAsync(CancellationToken.None);

        await Registry.Pusher.DeleteTagAsync(vanishing, "1");
        await host.PollAsync(TimeSpan.FromDays(1));
        var afterDeletion = await snapshot.RefreshAsync(CancellationToken.None);

        Assert.Equal((3, 0, 1, 0), (initial.Recomputed, afterQuietPoll.Updated, afterRebuild.Recomputed, afterDeletion.Updated));
        var views = snapshot.Views(host.Time.GetUtcNow()).ToDictionary(v => v.Repository);
        Assert.Equal((1, "fresh"), (views[moving].RebuildEvents, views[moving].Status));

        // Not recomputed, yet current: the tag row (status, last check) is replaced on every refresh.
        Assert.Equal(("missing", "missing"), (views[vanishing].Status, views[vanishing].PollStatus));
        Assert.Equal(host.Time.GetUtcNow(), views[quiet].LastCheckedAt);
        Assert.Equal(snapshot.RefreshedAt, host.Time.GetUtcNow());
    }

    [Fact]
    public async Task New_watches_are_computed_and_removed_watches_leave_the_snapshot()
    {
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync());
        var (kept, removed) = (Unique("kept"), Unique("removed"));
        await Registry.Pusher.PushImageAsync(kept, "1");
        await host.WatchAsync(Registry.Registry, $"{kept}:1");
        await host.PollAsync();
        using var snapshot = new CadenceSnapshot(host.Get<WatchStore>(), host.Get<HistoryReader>(), host.Get<CadenceSummaryStore>(), new CadenceSettings(), host.Time, NullLogger<CadenceSnapshot>.Instance);
        await snapshot.RefreshAsync(CancellationToken.None);

        await host.WatchAsync(Registry.Registry, $"{removed}:1");
        var afterWatch = await snapshot.RefreshAsync(CancellationToken.None);
        var withNew = snapshot.Views(host.Time.GetUtcNow()).Select(v => (v.Repository, v.Status)).Order().ToList();
        await host.Get<WatchStore>().DisableAsync(new TagReference(Registry.Registry, removed, "1"), CancellationToken.None);
        var afterRemoval = await snapshot.RefreshAsync(CancellationToken.None);

        Assert.Equal((1, 0), (afterWatch.Recomputed, afterRemoval.Updated));
        Assert.Equal([(kept, "fresh"), (removed, "unknown")], withNew);
        Assert.Equal([kept], snapshot.Views(host.Time.GetUtcNow()).Select(v => v.Repository));
    }

    [Fact]
    public async Task Time_dependent_numbers_are_projected_at_read_time_without_a_refresh()
    {
        // Rebuilt on days 0 (baseline), 7, 14, 21: median 7 d, stale after 21 d, due after 10.5 d.
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync());
        var repository = Unique("weekly");
        await Registry.Pusher.PushImageAsync(repository, "1");
        await host.WatchAsync(Registry.Registry, $"{repository}:1");
        await host.PollAsync(TimeSpan.Zero);
        var lastRebuild = host.Time.GetUtcNow();
        for (var week = 1; week <= 3; week++)
        {
            await Registry.Pusher.PushImageAsync(repository, "1");
            await host.PollAsync(TimeSpan.FromDays(7));
            lastRebuild = host.Time.GetUtcNow();
        }

        using var snapshot = new CadenceSnapshot(host.Get<WatchStore>(), host.Get<HistoryReader>(), host.Get<CadenceSummaryStore>(), new CadenceSettings(), host.Time, NullLogger<CadenceSnapshot>.Instance);
        await snapshot.RefreshAsync(CancellationToken.None);

        var now = snapshot.Views(lastRebuild.AddDays(1)).Single();
        var due = snapshot.Views(lastRebuild.AddDays(11)).Single();
        var exactlyStaleAfter = snapshot.Views(lastRebuild.AddDays(21)).Single();
        var stale = snapshot.Views(lastRebuild.AddDays(21).AddSeconds(1)).Single();
        var later = snapshot.Views(lastRebuild.AddDays(31)).Single();

        Assert.Equal(("fresh", 1, 3, 3), (now.Status, now.Rebuilds7d, now.Rebuilds30d, now.Rebuilds90d));
        Assert.Equal(TimeSpan.FromDays(1).TotalSeconds, now.AgeSeconds);
        Assert.Equal(("due", 0, 3), (due.Status, due.Rebuilds7d, due.Rebuilds30d));
        Assert.Equal("due", exactlyStaleAfter.Status);
        Assert.Equal("stale", stale.Status);

        // 31 days after the last rebuild none lies within 30 days; all three within 90. The median does not age.
        Assert.Equal((0, 0, 3), (later.Rebuilds7d, later.Rebuilds30d, later.Rebuilds90d));
        Assert.Equal(TimeSpan.FromDays(7).TotalSeconds, later.MedianIntervalSeconds);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
