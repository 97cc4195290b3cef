using Monitor.Core.Cadence;
using Monitor.Data.Cadence;
using Monitor.Data.Entities;
using Monitor.Testing.Postgres;
using Npgsql;

namespace Monitor.Data.Tests;

/// <summary>
/// Stored cadences read back exactly as computed (the calculator's statistics are whole microseconds, the resolution of
/// PostgreSQL's interval), and a lagging writer cannot move one backwards.
/// </summary>
public sealed class CadenceSummaryStoreTests(PostgresServer postgres)
{
    private const string Definition = "v1;settle=216000000000;platform=index";
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Cadences_read_back_exactly_each_with_its_own_recent_rebuilds()
    {
        var (store, tags) = await StoreWithTagsAsync(4);
        var weekly = Basis(events: 12, recentDays: [0, 7, 14.5, 21.25], median: TimeSpan.FromDays(7).Add(TimeSpan.FromTicks(123_450)));
        var single = new CadenceBasis(1, T0, T0.AddDays(3), T0.AddDays(3), AgeSource.FirstSeen, null, [T0.AddDays(3).UtcTicks]);
        var baselineOnly = new CadenceBasis(0, T0, null, T0, AgeSource.Pushed, null, []);
        var daily = Basis(events: 365, recentDays: [.. Enumerable.Range(0, 91).Select(d => (double)d)], median: TimeSpan.FromDays(1));
        Entry[] entries = [new(tags[0], 10, weekly), new(tags[1], 20, single), new(tags[2], 30, baselineOnly), new(tags[3], 40, daily)];

        await store.SaveAsync([.. entries.Select(e => e.ToStore())], Definition, T0.AddDays(100), CancellationToken.None);
        var loaded = await store.LoadAsync(null, Definition, CancellationToken.None);
        var some = await store.LoadAsync([tags[1], tags[3]], Definition, CancellationToken.None);

        Assert.Equal(4, loaded.Count);
        foreach (var entry in entries)
        {
            Assert.Equal(entry.Revision, loaded[entry.Tag].ThroughRevisionId);
            AssertSame(entry.Cadence, loaded[entry.Tag].Cadence);
        }

        Assert.Equal([tags[1], tags[3]], some.Keys.Order());
    }

    [Fact]
    public async Task Only_summaries_under_the_same_definition_and_undamaged_are_loaded()
    {
        var (store, tags) = await StoreWithTagsAsync(3);
        var cadence = Basis(events: 3, recentDays: [0, 1], median: TimeSpan.FromDays(1));
        await store.SaveAsync([new(tags[0], 10, cadence), new(tags[1], 20, cadence), new(tags[2], 30, cadence)], Definition, T0, CancellationToken.None);
        await ScalarAsync($"UPDATE monitor.tag_cadence SET recent_rebuilds = '\\x0102' WHERE watched_tag_id = {tags[1]}");
        await ScalarAsync($"UPDATE monitor.tag_cadence SET recent_rebuilds = recent_rebuilds || recent_rebuilds WHERE watched_tag_id = {tags[2]}");

        var otherDefinition = await store.LoadAsync(null, "v1;settle=0;platform=index", CancellationToken.None);
        var loaded = await store.LoadAsync(null, Definition, CancellationToken.None);

        Assert.Empty(otherDefinition);
        Assert.Equal([tags[0]], loaded.Keys);
    }

    [Fact]
    public async Task A_damaged_summary_is_rewritten_by_the_next_save_of_the_same_revision()
    {
        var (store, tags) = await StoreWithTagsAsync(1);
        var cadence = Basis(events: 3, recentDays: [0, 1], median: TimeSpan.FromDays(1));
        await store.SaveAsync([new(tags[0], 10, cadence)], Definition, T0, CancellationToken.None);
        await ScalarAsync("UPDATE monitor.tag_cadence SET recent_rebuilds = '\\x01'");

        await store.SaveAsync([new(tags[0], 10, cadence)], Definition, T0, CancellationToken.None);

        AssertSame(cadence, (await store.LoadAsync(null, Definition, CancellationToken.None))[tags[0]].Cadence);
    }

    [Fact]
    public async Task A_summary_of_an_older_revision_never_replaces_a_newer_one_but_new_definitions_do()
    {
        var (store, tags) = await StoreWithTagsAsync(1);
        var newer = Basis(events: 5, recentDays: [0, 2, 4], median: TimeSpan.FromDays(2));
        var lagging = Basis(events: 4, recentDays: [0, 2], median: TimeSpan.FromDays(2));
        await store.SaveAsync([new(tags[0], 50, newer)], Definition, T0, CancellationToken.None);

        await store.SaveAsync([new(tags[0], 49, lagging)], Definition, T0, CancellationToken.None);
        var afterLagging = (await store.LoadAsync(null, Definition, CancellationToken.None))[tags[0]];
        await store.SaveAsync([new(tags[0], 49, lagging)], "v2;settle=0;platform=index", T0, CancellationToken.None);
        var afterRedefinition = (await store.LoadAsync(null, "v2;settle=0;platform=index", CancellationToken.None))[tags[0]];

        Assert.Equal((50, 49), (afterLagging.ThroughRevisionId, afterRedefinition.ThroughRevisionId));
        AssertSame(newer, afterLagging.Cadence);
        AssertSame(lagging, afterRedefinition.Cadence);
    }

    [Fact]
    public async Task A_summary_holds_the_backfill_it_covers_and_one_before_a_backfill_never_replaces_one_after_it()
    {
        var (store, tags) = await StoreWithTagsAsync(1);
        var backfilled = Basis(events: 30, recentDays: [0, 1, 2], median: TimeSpan.FromDays(1));
        var polledOnly = Basis(events: 2, recentDays: [2], median: TimeSpan.FromDays(1));
        await store.SaveAsync([new(tags[0], 7, backfilled, ThroughBackfillRevisionId: 40)], Definition, T0, CancellationToken.None);

        // A replica that computed the same current revision before the back-fill landed comes too late.
        await store.SaveAsync([new(tags[0], 7, polledOnly)], Definition, T0, CancellationToken.None);
        var afterLagging = (await store.LoadAsync(null, Definition, CancellationToken.None))[tags[0]];
        await store.SaveAsync([new(tags[0], 7, backfilled, ThroughBackfillRevisionId: 45)], Definition, T0, CancellationToken.None);
        var afterSecondBackfill = (await store.LoadAsync(null, Definition, CancellationToken.None))[tags[0]];

        Assert.Equal((7L, (long?)40), (afterLagging.ThroughRevisionId, afterLagging.ThroughBackfillRevisionId));
        AssertSame(backfilled, afterLagging.Cadence);
        Assert.Equal(45, afterSecondBackfill.ThroughBackfillRevisionId);
    }

    [Fact]
    public async Task Summaries_of_tags_that_no_longer_exist_are_skipped_and_go_with_their_tag()
    {
        var (store, tags) = await StoreWithTagsAsync(1);
        var cadence = Basis(events: 2, recentDays: [0], median: TimeSpan.FromDays(1));

        await store.SaveAsync([new(tags[0], 1, cadence), new(tags[0] + 1000, 1, cadence)], Definition, T0, CancellationToken.None);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM monitor.tag_cadence"));
        await ScalarAsync("DELETE FROM monitor.watched_tag");

        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM monitor.tag_cadence"));
    }

    private string connectionString = "";

    private readonly record struct Entry(long Tag, long Revision, CadenceBasis Cadence)
    {
        public CadenceSummaryStore.Entry ToStore() => new(Tag, Revision, Cadence);
    }

    private static CadenceBasis Basis(int events, double[] recentDays, TimeSpan median)
    {
        var last = T0.AddDays(recentDays.Max());
        var intervals = new RebuildIntervals(events - 1, TimeSpan.FromHours(20), median, median + TimeSpan.FromMicroseconds(3), median + TimeSpan.FromDays(3.5), median * 2);
        return new CadenceBasis(events, T0.AddDays(-400), last, last, AgeSource.Pushed, intervals, [.. recentDays.Select(d => T0.AddDays(d).UtcTicks)]);
    }

    private static void AssertSame(CadenceBasis expected, CadenceBasis actual)
    {
        Assert.Equal(expected.RecentRebuildTicks, actual.RecentRebuildTicks);
        Assert.Equal(expected with { RecentRebuildTicks = Array.Empty<long>() }, actual with { RecentRebuildTicks = Array.Empty<long>() });
    }

    private async Task<(CadenceSummaryStore Store, long[] Tags)> StoreWithTagsAsync(int count)
    {
        connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        await using var context = new MonitorDbContext(MonitorDbContextOptions.Create(connectionString));
        var tags = Enumerable.Range(0, count)
            .Select(i => new WatchedTag { Registry = "docker.io", Repository = "library/python", Tag = $"3.{i}", WatchGroup = "default", AddedAt = T0 })
            .ToList();
        context.WatchedTags.AddRange(tags);
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (new CadenceSummaryStore(NpgsqlDataSource.Create(connectionString)), [.. tags.Select(t => t.Id)]);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
