using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.History;
using Monitor.Data.Watches;
using Monitor.Testing.Postgres;
using Npgsql;

namespace Monitor.Data.Tests;

/// <summary>
/// A poll's new digests are written in batches, one transaction each, with the per-change guarantees of the chain keys
/// and the compare-and-set on the tag: a replayed batch or a racing replica never records a change twice, and a change
/// whose tag moved on meanwhile is not recorded at all.
/// </summary>
public sealed class ChangeBatchTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_of_first_sightings_writes_each_baseline_with_its_platforms_times_and_build_time()
    {
        var (store, watches, connectionString) = await StoresAsync();
        var tags = await WatchAsync(watches, 3);
        var arm = new PlatformDigest("linux", "arm64", "v8", Digest('c'));
        var amd = new PlatformDigest("linux", "amd64", "", Digest('d'));
        ObservedChange[] batch =
        [
            Change(tags[0], 'a', seenAt: T0.AddSeconds(1), checkedAt: T0, created: T0.AddDays(-400)),
            Change(tags[1], 'b', seenAt: T0.AddSeconds(2), checkedAt: T0.AddSeconds(1), pushed: T0.AddHours(-3), platforms: [amd, arm]),
            Change(tags[2], 'e', seenAt: T0.AddSeconds(3), checkedAt: T0.AddSeconds(2)),
        ];

        var outcomes = await store.RecordChangesAsync(batch, CancellationToken.None);

        Assert.All(outcomes, outcome => Assert.Equal(ChangeOutcome.Recorded, outcome));
        var revisions = await RowsAsync(connectionString, """
            SELECT r.watched_tag_id, r.digest, r.first_seen_at, r.previous_check_at, r.pushed_at, r.image_created_at, r.is_baseline, r.source,
                   (SELECT count(*) FROM monitor.revision_platform p WHERE p.revision_id = r.id) AS platforms,
                   t.current_revision_id = r.id AS is_current, t.last_checked_at, t.last_changed_at, t.status
            FROM monitor.tag_revision r JOIN monitor.watched_tag t ON t.id = r.watched_tag_id ORDER BY r.watched_tag_id
            """);
        Assert.Equal(batch.Select(c => c.Digest.Value), revisions.Select(r => (string)r["digest"]!));
        Assert.All(revisions, r => Assert.Equal((true, "poll", true, "ok", (object?)null), ((bool)r["is_baseline"]!, (string)r["source"]!, (bool)r["is_current"]!, (string)r["status"]!, r["previous_check_at"])));
        Assert.Equal(batch.Select(c => c.SeenAt), revisions.Select(r => At(r["first_seen_at"])));
        Assert.Equal(batch.Select(c => c.SeenAt), revisions.Select(r => At(r["last_changed_at"])));
        Assert.Equal(batch.Select(c => c.CheckedAt), revisions.Select(r => (DateTimeOffset?)At(r["last_checked_at"])));
        Assert.Equal([null, T0.AddHours(-3), null], revisions.Select(r => r["pushed_at"] is null ? (DateTimeOffset?)null : At(r["pushed_at"])));
        Assert.Equal([T0.AddDays(-400), null, null], revisions.Select(r => r["image_created_at"] is null ? (DateTimeOffset?)null : At(r["image_created_at"])));
        Assert.Equal([0L, 2L, 0L], revisions.Select(r => (long)r["platforms"]!));
    }

    [Fact]
    public async Task A_replayed_batch_records_nothing_and_a_successor_batch_links_each_change_to_the_tags_last_check()
    {
        var (store, watches, connectionString) = await StoresAsync();
        var tags = await WatchAsync(watches, 2);
        ObservedChange[] baselines = [Change(tags[0], 'a', T0, T0), Change(tags[1], 'b', T0, T0)];
        await store.RecordChangesAsync(baselines, CancellationToken.None);

        var replay = await store.RecordChangesAsync(baselines, CancellationToken.None);
        var current = await watches.ListAsync("default", includeDisabled: false, CancellationToken.None);
        var rebuilds = await store.RecordChangesAsync(
            [Change(current[0], 'c', T0.AddHours(1), T0.AddHours(1).AddSeconds(-1)), Change(current[1], 'd', T0.AddHours(1), T0.AddHours(1).AddSeconds(-1))],
            CancellationToken.None);
        var back = await store.RecordChangesAsync(
            [Change((await watches.ListAsync("default", includeDisabled: false, CancellationToken.None))[0], 'a', T0.AddHours(2), T0.AddHours(2))], CancellationToken.None);

        Assert.All(replay, outcome => Assert.Equal(ChangeOutcome.AlreadyRecorded, outcome));
        Assert.All(rebuilds.Concat(back), outcome => Assert.Equal(ChangeOutcome.Recorded, outcome));
        var revisions = await RowsAsync(connectionString,
            "SELECT digest, previous_check_at, is_rollback FROM monitor.tag_revision WHERE NOT is_baseline ORDER BY first_seen_at, watched_tag_id");
        Assert.Equal([T0, T0, T0.AddHours(1).AddSeconds(-1)], revisions.Select(r => At(r["previous_check_at"])));
        Assert.Equal([false, false, true], revisions.Select(r => (bool)r["is_rollback"]!));
        Assert.Equal(5, await CountAsync(connectionString, "SELECT count(*) FROM monitor.tag_revision"));
    }

    [Fact]
    public async Task Two_writers_racing_with_overlapping_batches_record_each_change_once()
    {
        var (store, watches, connectionString) = await StoresAsync();
        var tags = await WatchAsync(watches, 40);
        await store.RecordChangesAsync([.. tags.Select(t => Change(t, 'a', T0, T0))], CancellationToken.None);
        var current = await watches.ListAsync("default", includeDisabled: false, CancellationToken.None);

        // Two replicas saw the same rebuilds: one in tag order, the other in reverse and half of them.
        var first = current.Select(t => Change(t, 'b', T0.AddHours(1), T0.AddHours(1))).ToList();
        var second = current.Reverse().Take(25).Select(t => Change(t, 'b', T0.AddHours(1).AddSeconds(3), T0.AddHours(1).AddSeconds(3))).ToList();
        var outcomes = await Task.WhenAll(
            Task.Run(() => store.RecordChangesAsync(first, CancellationToken.None)),
            Task.Run(() => new HistoryStore(NpgsqlDataSource.Create(connectionString)).RecordChangesAsync(second, CancellationToken.None)));

        var recorded = outcomes.SelectMany(o => o).Count(o => o == ChangeOutcome.Recorded);
        Assert.Equal(40, recorded);
        Assert.Equal(40, await CountAsync(connectionString, "SELECT count(*) FROM monitor.tag_revision WHERE NOT is_baseline"));
        Assert.Equal(0, await CountAsync(connectionString, """
            SELECT count(*) FROM monitor.watched_tag t JOIN monitor.tag_revision r ON r.id = t.current_revision_id
            WHERE r.is_baseline OR r.digest <> t.current_digest
            """));
    }

    [Fact]
    public async Task A_change_whose_tag_moved_on_is_not_recorded_while_the_rest_of_its_batch_is()
    {
        var (store, watches, connectionString) = await StoresAsync();
        var tags = await WatchAsync(watches, 2);
        await store.RecordChangesAsync([Change(tags[0], 'a', T0, T0), Change(tags[1], 'b', T0, T0)], CancellationToken.None);
        var loaded = await watches.ListAsync("default", includeDisabled: false, CancellationToken.None);

        // Someone pointed the first tag at another revision after this poll loaded it (not a successor of the one it saw).
        await ExecuteAsync(connectionString, $"UPDATE monitor.watched_tag SET current_revision_id = NULL WHERE id = {loaded[0].Id}");
        var outcomes = await store.RecordChangesAsync(
            [Change(loaded[0], 'c', T0.AddHours(1), T0.AddHours(1)), Change(loaded[1], 'd', T0.AddHours(1), T0.AddHours(1))], CancellationToken.None);

        Assert.Equal([ChangeOutcome.AlreadyRecorded, ChangeOutcome.Recorded], outcomes);
        Assert.Equal(0, await CountAsync(connectionString, $"SELECT count(*) FROM monitor.tag_revision WHERE watched_tag_id = {loaded[0].Id} AND NOT is_baseline"));
        Assert.Equal(1, await CountAsync(connectionString, $"SELECT count(*) FROM monitor.tag_revision WHERE watched_tag_id = {loaded[1].Id} AND NOT is_baseline"));
    }

    [Fact]
    public async Task Unchanged_and_missing_tags_are_checked_at_their_own_times_in_one_statement_each_unless_they_moved_on()
    {
        var (store, watches, connectionString) = await StoresAsync();
        var tags = await WatchAsync(watches, 3);
        await store.RecordChangesAsync([.. tags.Select((t, i) => Change(t, (char)('a' + i), T0, T0))], CancellationToken.None);
        var loaded = await watches.ListAsync("default", includeDisabled: false, CancellationToken.None);
        await ExecuteAsync(connectionString, $"UPDATE monitor.watched_tag SET current_revision_id = NULL WHERE id = {loaded[2].Id}");

        var marked = await store.MarkUnchangedAsync(
            [new TagCheck(loaded[0].Id, loaded[0].CurrentRevisionId, T0.AddMinutes(15)), new TagCheck(loaded[2].Id, loaded[2].CurrentRevisionId, T0.AddMinutes(15))],
            CancellationToken.None);
        var missing = await store.MarkMissingAsync([new TagCheck(loaded[1].Id, loaded[1].CurrentRevisionId, T0.AddMinutes(16))], CancellationToken.None);

        Assert.Equal((1, 1), (marked, missing));
        var rows = await RowsAsync(connectionString, "SELECT last_checked_at, status FROM monitor.watched_tag ORDER BY id");
        Assert.Equal([T0.AddMinutes(15), T0.AddMinutes(16), T0], rows.Select(r => At(r["last_checked_at"])));
        Assert.Equal(["ok", "missing", "ok"], rows.Select(r => (string)r["status"]!));
    }

    [Fact]
    public async Task Two_changes_of_one_tag_in_a_batch_are_refused()
    {
        var (store, watches, _) = await StoresAsync();
        var tag = (await WatchAsync(watches, 1))[0];

        await Assert.ThrowsAsync<ArgumentException>(() => store.RecordChangesAsync([Change(tag, 'a', T0, T0), Change(tag, 'b', T0, T0)], CancellationToken.None));
    }

    [Fact]
    public async Task A_change_the_backfilled_history_already_names_is_not_a_rollback_but_a_return_to_a_polled_digest_is()
    {
        var (store, watches, connectionString) = await StoresAsync();
        var tag = (await WatchAsync(watches, 1))[0];
        await store.RecordChangesAsync([Change(tag, 'a', T0, T0)], CancellationToken.None);
        // The registry's history, read between the push of 'b' and the poll that sees it, already holds 'b'.
        await new BackfillStore(NpgsqlDataSource.Create(connectionString)).ImportAsync(
            tag.Id, [new BackfilledEntry(Digest('a'), T0.AddHours(-1)), new BackfilledEntry(Digest('b'), T0.AddMinutes(30))], T0.AddMinutes(40), CancellationToken.None);

        await store.RecordChangesAsync([Change((await watches.ListAsync("default", false, CancellationToken.None))[0], 'b', T0.AddHours(1), T0.AddHours(1))], CancellationToken.None);
        await store.RecordChangesAsync([Change((await watches.ListAsync("default", false, CancellationToken.None))[0], 'a', T0.AddHours(2), T0.AddHours(2))], CancellationToken.None);

        var polled = await RowsAsync(connectionString, "SELECT digest, is_rollback FROM monitor.tag_revision WHERE source = 'poll' ORDER BY first_seen_at");
        Assert.Equal([(Digest('a').Value, false), (Digest('b').Value, false), (Digest('a').Value, true)], polled.Select(r => ((string)r["digest"]!, (bool)r["is_rollback"]!)));
    }

    private static ObservedChange Change(WatchedTagRow tag, char digest, DateTimeOffset seenAt, DateTimeOffset checkedAt,
        DateTimeOffset? pushed = null, DateTimeOffset? created = null, IReadOnlyList<PlatformDigest>? platforms = null) =>
        new(tag, Digest(digest), "application/vnd.oci.image.manifest.v1+json", seenAt, pushed, platforms ?? [], created, checkedAt);

    private static Sha256Digest Digest(char seed) => Sha256Digest.Parse("sha256:" + new string(seed, 64));

    private static DateTimeOffset At(object? value) => Sql.At(value);

    private async Task<(HistoryStore, WatchStore, string)> StoresAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return (new HistoryStore(dataSource), new WatchStore(dataSource), connectionString);
    }

    private static async Task<IReadOnlyList<WatchedTagRow>> WatchAsync(WatchStore watches, int count)
    {
        await watches.AddAsync(
            [.. Enumerable.Range(0, count).Select(i => new WatchSpec(new TagReference("registry.test", "team/app", $"t{i:000}"), "default", WatchSource.Api))],
            T0.AddDays(-1), CancellationToken.None);
        return await watches.ListAsync("default", includeDisabled: false, CancellationToken.None);
    }

    private static Task ExecuteAsync(string connectionString, string sql) => Sql.ExecuteAsync(connectionString, sql);

    private static Task<long> CountAsync(string connectionString, string sql) => Sql.CountAsync(connectionString, sql);

    private static Task<List<Dictionary<string, object?>>> RowsAsync(string connectionString, string sql) => Sql.RowsAsync(connectionString, sql);
}
