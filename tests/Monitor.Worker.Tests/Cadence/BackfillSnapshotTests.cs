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

/// <summary>
/// A back-fill adds revisions OLDER than the tag's current one: the snapshot and the stored summaries must notice although
/// the current revision is unchanged.
/// </summary>
public sealed class BackfillSnapshotTests(PostgresServer postgres, RegistryServerFixture registry) : IClassFixture<RegistryServerFixture>
{
    [Fact]
    public async Task A_backfill_refreshes_the_tag_in_the_snapshot_and_no_replica_loads_the_summary_from_before_it()
    {
        await using var host = new PollingHost(await postgres.CreateDatabaseAsync());
        var repository = $"backfilled/{Guid.NewGuid():N}";
        var image = await registry.Server.Pusher.PushImageAsync(repository, "1");
        await host.WatchAsync(registry.Server.Registry, $"{repository}:1");
        await host.PollAsync();
        using var snapshot = NewSnapshot(host);
        await snapshot.RefreshAsync(CancellationToken.None);
        var before = snapshot.Views(host.Time.GetUtcNow()).Single();
        var tag = (await host.Get<WatchStore>().ListAsync(null, includeDisabled: false, CancellationToken.None)).Single();

        // Ten daily builds, the newest the baseline's digest: nine rebuilds before the tag was first seen.
        var now = host.Time.GetUtcNow();
        var history = Enumerable.Range(0, 10)
            .Select(i => new BackfilledEntry(i == 9 ? image.Digest : Sha256Digest.Compute(BitConverter.GetBytes(i)), now.AddDays(i - 10)))
            .ToList();
        await host.Get<BackfillStore>().ImportAsync(tag.Id, history, now, CancellationToken.None);
        var afterBackfill = await snapshot.RefreshAsync(CancellationToken.None);
        using var replica = NewSnapshot(host);
        var atReplicaStart = await replica.RefreshAsync(CancellationToken.None);
        await host.Get<BackfillStore>().ImportAsync(tag.Id, history, now, CancellationToken.None);
        var afterRepeat = await snapshot.RefreshAsync(CancellationToken.None);

        Assert.Equal(0, before.RebuildEvents);
        Assert.Equal(1, afterBackfill.Recomputed);
        Assert.Equal(9, snapshot.Views(now).Single().RebuildEvents);
        Assert.Equal((1, 0), (atReplicaStart.Loaded, atReplicaStart.Recomputed));
        Assert.Equal(9, replica.Views(now).Single().RebuildEvents);
        Assert.Equal(0, afterRepeat.Updated);
    }

    private static CadenceSnapshot NewSnapshot(PollingHost host) =>
        new(host.Get<WatchStore>(), host.Get<HistoryReader>(), host.Get<CadenceSummaryStore>(), new CadenceSettings(), host.Time, NullLogger<CadenceSnapshot>.Instance);
}
