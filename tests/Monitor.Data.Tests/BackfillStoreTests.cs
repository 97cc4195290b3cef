using System.Text;
using Monitor.Core.References;
using Monitor.Data.Entities;
using Monitor.Data.History;
using Monitor.Data.Watches;
using Monitor.Testing.Postgres;
using Npgsql;

namespace Monitor.Data.Tests;

/// <summary>A registry's tag history stored as back-filled revisions: outside the polled chain, whole, and only once.</summary>
public sealed class BackfillStoreTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    private string connectionString = "";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_history_is_stored_as_backfilled_revisions_with_the_registrys_times_outside_the_chain()
    {
        var (store, tag) = await StoreWithTagAsync();
        var history = Nightly(3).Append(new BackfilledEntry(Digest("n0"), T0.AddDays(3))).ToList();

        var added = await store.ImportAsync(tag, history, T0.AddDays(4), Cancel);

        Assert.Equal(4, added);
        var rows = await RowsAsync("""
            SELECT digest, first_seen_at, pushed_at, previous_check_at, previous_revision_id, is_baseline, is_rollback, source, media_type
            FROM monitor.tag_revision WHERE source = 'backfill' ORDER BY first_seen_at
            """);
        Assert.Equal(history.Select(e => e.Digest.Value), rows.Select(r => (string)r[0]!));
        Assert.Equal(history.Select(e => e.At), rows.Select(r => At(r[1])));
        Assert.Equal(history.Select(e => e.At), rows.Select(r => At(r[2])));
        Assert.All(rows, r => Assert.Equal((null, null, false), (r[3], r[4], (bool)r[5]!)));
        Assert.Equal([false, false, false, true], rows.Select(r => (bool)r[6]!));
        var state = Assert.Single(await RowsAsync("SELECT backfilled_at, backfill_attempted_at, backfill_revision_id = (SELECT max(id) FROM monitor.tag_revision), current_revision_id FROM monitor.watched_tag"));
        Assert.Equal([T0.AddDays(4), T0.AddDays(4)], state[..2].Select(At));
        Assert.Equal(true, state[2]);
    }

    [Fact]
    public async Task Importing_the_same_history_again_adds_nothing_and_a_longer_one_only_its_new_entries()
    {
        var (store, tag) = await StoreWithTagAsync();
        await store.ImportAsync(tag, Nightly(5), T0.AddDays(6), Cancel);
        var marker = await ScalarAsync("SELECT backfill_revision_id FROM monitor.watched_tag");

        var again = await store.ImportAsync(tag, Nightly(5), T0.AddDays(7), Cancel);
        var markerAfterAgain = await ScalarAsync("SELECT backfill_revision_id FROM monitor.watched_tag");
        var longer = await store.ImportAsync(tag, Nightly(8), T0.AddDays(9), Cancel);

        Assert.Equal(0, again);
        Assert.Equal(marker, markerAfterAgain);
        Assert.Equal(3, longer);
        Assert.Equal(8L, await ScalarAsync("SELECT count(*) FROM monitor.tag_revision"));
        Assert.Equal(await ScalarAsync("SELECT max(id) FROM monitor.tag_revision"), await ScalarAsync("SELECT backfill_revision_id FROM monitor.watched_tag"));
    }

    [Fact]
    public async Task Pending_tags_have_a_baseline_no_backfill_and_no_recent_failed_attempt()
    {
        var (store, _) = await StoreWithTagAsync();
        var ids = new Dictionary<string, long>();
        await using (var context = new MonitorDbContext(MonitorDbContextOptions.Create(connectionString)))
        {
            foreach (var name in new[] { "new", "unpolled", "done", "failed-recently", "failed-long-ago", "removed" })
            {
                var tag = new WatchedTag { Registry = "cgr.dev", Repository = "chainguard/static", Tag = name, WatchGroup = "default", AddedAt = T0, Enabled = name != "removed" };
                context.WatchedTags.Add(tag);
                await context.SaveChangesAsync(Cancel);
                ids[name] = tag.Id;
                if (name != "unpolled")
                {
                    var baseline = new TagRevision { WatchedTagId = tag.Id, Digest = Digest(name).Value, MediaType = "application/vnd.oci.image.index.v1+json", FirstSeenAt = T0, IsBaseline = true };
                    context.TagRevisions.Add(baseline);
                    await context.SaveChangesAsync(Cancel);
                    tag.CurrentRevisionId = baseline.Id;
                    await context.SaveChangesAsync(Cancel);
                }
            }
        }

        await store.MarkNothingToImportAsync([ids["done"]], T0, Cancel);
        await store.MarkFailedAsync([ids["failed-recently"]], T0.AddMinutes(50), Cancel);
        await store.MarkFailedAsync([ids["failed-long-ago"]], T0.AddMinutes(-10), Cancel);

        var pending = await store.ListPendingAsync(triedBefore: T0, limit: 10, Cancel);

        Assert.Equal(["new", "failed-long-ago"], pending.Select(t => t.Reference.Tag));
        Assert.Equal([ids["new"]], (await store.ListPendingAsync(T0, limit: 1, Cancel)).Select(t => t.Id));
    }

    [Fact]
    public async Task The_tag_row_shows_the_newest_backfilled_revision()
    {
        var (store, tag) = await StoreWithTagAsync();
        await store.ImportAsync(tag, Nightly(2), T0.AddDays(3), Cancel);

        var row = await new WatchStore(NpgsqlDataSource.Create(connectionString)).FindAsync(new TagReference("cgr.dev", "chainguard/static", "latest"), Cancel);

        Assert.Equal(await ScalarAsync("SELECT max(id) FROM monitor.tag_revision"), row!.BackfillRevisionId);
    }

    private static Sha256Digest Digest(string label) => Sha256Digest.Compute(Encoding.UTF8.GetBytes(label));

    /// <summary>Nightly builds <c>n0</c> … one a day from <see cref="T0"/>.</summary>
    private static List<BackfilledEntry> Nightly(int days) => [.. Enumerable.Range(0, days).Select(i => new BackfilledEntry(Digest($"n{i}"), T0.AddDays(i)))];

    private static DateTimeOffset At(object? value) => new((DateTime)value!);

    private async Task<(BackfillStore Store, long Tag)> StoreWithTagAsync()
    {
        connectionString = await postgres.CreateDatabaseAsync(Cancel);
        await using var context = new MonitorDbContext(MonitorDbContextOptions.Create(connectionString));
        var tag = new WatchedTag { Registry = "cgr.dev", Repository = "chainguard/static", Tag = "latest", WatchGroup = "default", AddedAt = T0 };
        context.WatchedTags.Add(tag);
        await context.SaveChangesAsync(Cancel);
        return (new BackfillStore(NpgsqlDataSource.Create(connectionString)), tag.Id);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Cancel);
    }

    private async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(Cancel))
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
        }

        return rows;
    }
}
