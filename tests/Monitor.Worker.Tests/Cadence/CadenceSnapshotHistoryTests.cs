using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Core.Cadence;
using Monitor.Data.Cadence;
using Monitor.Data.History;
using Monitor.Data.Watches;
using Monitor.Testing.Postgres;
using Monitor.Worker.Cadence;
using Monitor.Worker.Tests.Support;
using Npgsql;
using Platform = Monitor.Worker.Tests.Support.HistoryBuilder.Platform;

namespace Monitor.Worker.Tests.Cadence;

/// <summary>
/// The in-memory snapshot against a real history: whatever way it reads the revisions, every tag's cadence must be
/// what the calculator makes of the tag's full history (as the detail endpoint reads it).
/// </summary>
public sealed class CadenceSnapshotHistoryTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null)]
    [InlineData("linux/arm64")]
    [InlineData("linux/arm/v7")]
    public async Task Every_tag_in_the_snapshot_is_the_calculators_result_for_its_full_history(string? platform)
    {
        var fleet = await Fleet.CreateAsync(await postgres.CreateDatabaseAsync());
        var settings = new CadenceSettings { Platform = platform };
        using var snapshot = fleet.Snapshot(settings);

        var refresh = await snapshot.RefreshAsync(CancellationToken.None);

        Assert.Equal(new SnapshotRefresh(Loaded: 0, Recomputed: Fleet.EnabledTags), refresh);
        Assert.Equal(Fleet.EnabledTags, snapshot.Tags.Count);
        Assert.DoesNotContain(snapshot.Tags, t => t.Tag.Id == fleet.Disabled);
        await AssertMatchesReferenceAsync(fleet, snapshot, settings);
    }

    [Fact]
    public async Task A_refresh_recomputes_the_tags_whose_current_revision_changed_and_nothing_else()
    {
        var fleet = await Fleet.CreateAsync(await postgres.CreateDatabaseAsync());
        var settings = new CadenceSettings();
        using var snapshot = fleet.Snapshot(settings);
        await snapshot.RefreshAsync(CancellationToken.None);

        await fleet.History.AddRevisionAsync(fleet.SingleArch, "sha256:new-single", Now.AddHours(-3));
        await fleet.History.AddRevisionAsync(fleet.BaselineOnly, "sha256:new-baseline-only", Now.AddHours(-2));

        Assert.Equal(new SnapshotRefresh(Loaded: 0, Recomputed: 2), await snapshot.RefreshAsync(CancellationToken.None));
        Assert.Equal(0, (await snapshot.RefreshAsync(CancellationToken.None)).Updated);
        await AssertMatchesReferenceAsync(fleet, snapshot, settings);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("linux/arm64")]
    public async Task A_restarted_snapshot_loads_every_tag_from_stored_summaries_and_shows_the_same_cadence(string? platform)
    {
        var fleet = await Fleet.CreateAsync(await postgres.CreateDatabaseAsync());
        var settings = new CadenceSettings { Platform = platform };
        using (var first = fleet.Snapshot(settings))
        {
            await first.RefreshAsync(CancellationToken.None);
        }

        // A new process: nothing in memory, the history untouched, every summary already stored.
        using var restarted = fleet.Snapshot(settings);
        var refresh = await restarted.RefreshAsync(CancellationToken.None);

        // The pending tag has no history, so nothing is stored for it; it is "recomputed" as empty.
        Assert.Equal(new SnapshotRefresh(Loaded: Fleet.EnabledTags - 1, Recomputed: 1), refresh);
        await AssertMatchesReferenceAsync(fleet, restarted, settings);
    }

    [Fact]
    public async Task A_replica_takes_the_summary_another_replica_stored_for_a_new_revision()
    {
        var fleet = await Fleet.CreateAsync(await postgres.CreateDatabaseAsync());
        var settings = new CadenceSettings();
        using var replicaA = fleet.Snapshot(settings);
        using var replicaB = fleet.Snapshot(settings);
        await replicaA.RefreshAsync(CancellationToken.None);
        await replicaB.RefreshAsync(CancellationToken.None);

        await fleet.History.AddRevisionAsync(fleet.SingleArch, "sha256:new-single", Now.AddHours(-3));
        var byA = await replicaA.RefreshAsync(CancellationToken.None);
        var byB = await replicaB.RefreshAsync(CancellationToken.None);

        Assert.Equal(new SnapshotRefresh(Loaded: 0, Recomputed: 1), byA);
        Assert.Equal(new SnapshotRefresh(Loaded: 1, Recomputed: 0), byB);
        await AssertMatchesReferenceAsync(fleet, replicaB, settings);
    }

    [Fact]
    public async Task Summaries_of_an_older_revision_or_other_definitions_are_recomputed_not_reused()
    {
        var fleet = await Fleet.CreateAsync(await postgres.CreateDatabaseAsync());
        using (var first = fleet.Snapshot(new CadenceSettings()))
        {
            await first.RefreshAsync(CancellationToken.None);
        }

        // Behind every replica's back: a new revision (the stored summary is now of an older one), then new definitions.
        await fleet.History.AddRevisionAsync(fleet.SingleArch, "sha256:unseen", Now.AddHours(-1));
        using (var afterRevision = fleet.Snapshot(new CadenceSettings()))
        {
            Assert.Equal(new SnapshotRefresh(Loaded: Fleet.EnabledTags - 2, Recomputed: 2), await afterRevision.RefreshAsync(CancellationToken.None));
        }

        var wider = new CadenceSettings { SettleWindow = TimeSpan.FromHours(12) };
        using var rewound = fleet.Snapshot(wider);
        Assert.Equal(new SnapshotRefresh(Loaded: 0, Recomputed: Fleet.EnabledTags), await rewound.RefreshAsync(CancellationToken.None));
        await AssertMatchesReferenceAsync(fleet, rewound, wider);

        using var againWider = fleet.Snapshot(wider);
        Assert.Equal(Fleet.EnabledTags - 1, (await againWider.RefreshAsync(CancellationToken.None)).Loaded);
    }

    [Fact]
    public async Task Deleted_summaries_are_rebuilt_from_the_history()
    {
        var fleet = await Fleet.CreateAsync(await postgres.CreateDatabaseAsync());
        var settings = new CadenceSettings();
        using (var first = fleet.Snapshot(settings))
        {
            await first.RefreshAsync(CancellationToken.None);
        }

        await using (var connection = new NpgsqlConnection(fleet.ConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM monitor.tag_cadence WHERE watched_tag_id = ANY($1)", connection);
            delete.Parameters.Add(new NpgsqlParameter { Value = new[] { fleet.SingleArch, fleet.MultiArch } });
            Assert.Equal(2, await delete.ExecuteNonQueryAsync());
        }

        using var restarted = fleet.Snapshot(settings);
        Assert.Equal(new SnapshotRefresh(Loaded: Fleet.EnabledTags - 3, Recomputed: 3), await restarted.RefreshAsync(CancellationToken.None));
        await AssertMatchesReferenceAsync(fleet, restarted, settings);
    }

    [Fact]
    public async Task Revisions_are_read_oldest_first_ties_by_id_with_platforms_in_os_architecture_variant_order()
    {
        var fleet = await Fleet.CreateAsync(await postgres.CreateDatabaseAsync());

        var revisions = await fleet.Reader.LoadRevisionsAsync([fleet.SingleArch, fleet.MultiArch, fleet.Pending], withPlatforms: true, CancellationToken.None);

        Assert.Empty(revisions[fleet.Pending]);
        var single = revisions[fleet.SingleArch];
        Assert.Equal(single.OrderBy(r => r.Revision.FirstSeenAt).ThenBy(r => r.Id).Select(r => r.Id), single.Select(r => r.Id));
        string[] ties = [HistoryBuilder.Digest("sha256:tie-a"), HistoryBuilder.Digest("sha256:tie-b")];
        var tie = single.Where(r => ties.Contains(r.Revision.Digest.Value)).ToList();
        Assert.Equal(ties, tie.Select(r => r.Revision.Digest.Value));
        Assert.Equal(tie[0].Revision.FirstSeenAt, tie[1].Revision.FirstSeenAt);
        Assert.All(single, r => Assert.Empty(r.Revision.Platforms));
        Assert.All(single, r => Assert.Equal("application/vnd.oci.image.manifest.v1+json", r.MediaType));

        var multi = revisions[fleet.MultiArch];
        Assert.Equal(multi.OrderBy(r => r.Revision.FirstSeenAt).Select(r => r.Id), multi.Select(r => r.Id));
        Assert.Equal(
            ["linux/amd64/", "linux/arm/v7", "linux/arm64/v8"],
            multi[0].Revision.Platforms.Select(p => $"{p.Os}/{p.Architecture}/{p.Variant}"));
        Assert.Equal(HistoryBuilder.Digest("sha256:m0-amd64"), multi[0].Revision.Platforms[0].Digest.Value);
        Assert.Contains(multi, r => r.Revision.Platforms.Count == 0);
        Assert.Contains(multi, r => r.Revision.Platforms.Count == 2);
        Assert.All(multi.Where(r => r.Revision.Platforms.Count > 0), r => Assert.Equal("application/vnd.oci.image.index.v1+json", r.MediaType));
    }

    private static async Task AssertMatchesReferenceAsync(Fleet fleet, CadenceSnapshot snapshot, CadenceSettings settings)
    {
        var tags = await fleet.Watches.ListAsync(watchGroup: null, includeDisabled: false, CancellationToken.None);
        var revisions = await fleet.Reader.LoadRevisionsAsync([.. tags.Select(t => t.Id)], withPlatforms: true, CancellationToken.None);
        var options = settings.ToCadenceOptions();
        var expected = tags
            .Select(tag => TagCadenceView.From(tag, new TagCadence(tag, CadenceCalculator.Summarise([.. revisions[tag.Id].Select(r => r.Revision)], Now, options).Basis)
                .ReadAt(Now, settings.ToPolicy())))
            .OrderBy(v => v.Reference, StringComparer.Ordinal)
            .ToList();

        var actual = snapshot.Views(Now).OrderBy(v => v.Reference, StringComparer.Ordinal).ToList();

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }

        var byId = snapshot.Tags.ToDictionary(t => t.Tag.Id);
        foreach (var tag in tags)
        {
            var reference = CadenceCalculator.Summarise([.. revisions[tag.Id].Select(r => r.Revision)], Now, options).Basis;
            var held = byId[tag.Id].Cadence;
            Assert.Equal(reference.RecentRebuildTicks, held.RecentRebuildTicks);
            Assert.Equal(reference with { RecentRebuildTicks = Array.Empty<long>() }, held with { RecentRebuildTicks = Array.Empty<long>() });
        }
    }

    /// <summary>
    /// A small fleet covering the shapes the reader and the calculator care about, plus enough plain tags to span
    /// more than one batch of the snapshot's revision reads.
    /// </summary>
    private sealed class Fleet
    {
        public const int FillerTags = 520;

        private Fleet(string connectionString)
        {
            ConnectionString = connectionString;
            History = new HistoryBuilder(connectionString);
            var dataSource = NpgsqlDataSource.Create(connectionString);
            Watches = new WatchStore(dataSource);
            Reader = new HistoryReader(dataSource);
            Summaries = new CadenceSummaryStore(dataSource);
        }

        public string ConnectionString { get; }

        public HistoryBuilder History { get; }

        public WatchStore Watches { get; }

        public HistoryReader Reader { get; }

        public CadenceSummaryStore Summaries { get; }

        public long SingleArch { get; private set; }

        public long MultiArch { get; private set; }

        public long BaselineOnly { get; private set; }

        public long Pending { get; private set; }

        public long Disabled { get; private set; }

        public const int EnabledTags = 5 + FillerTags;

        public static async Task<Fleet> CreateAsync(string connectionString)
        {
            var fleet = new Fleet(connectionString);
            var history = fleet.History;

            // Every two days for 80 days; push times on every third; a burst, a rollback and two revisions seen by the same poll.
            fleet.SingleArch = await history.AddTagAsync("docker.io", "library/python", "3.13-slim");
            for (var i = 0; i < 40; i++)
            {
                var seen = Now.AddDays(-80 + (2 * i)).AddMinutes(i * 7);
                await history.AddRevisionAsync(fleet.SingleArch, $"sha256:s{i}", seen, pushedAt: i % 3 == 0 ? seen.AddMinutes(-5) : null, rollback: i == 30);
                if (i == 20)
                {
                    await history.AddRevisionAsync(fleet.SingleArch, "sha256:s20-burst", seen.AddHours(2));
                }

                if (i == 25)
                {
                    await history.AddRevisionAsync(fleet.SingleArch, "sha256:tie-a", seen.AddHours(12));
                    await history.AddRevisionAsync(fleet.SingleArch, "sha256:tie-b", seen.AddHours(12));
                }
            }

            // Weekly multi-arch index; platforms stored out of order; arm64 changes every other week, arm/v7 comes and goes,
            // and one revision is a plain manifest.
            fleet.MultiArch = await history.AddTagAsync("ghcr.io", "org/app", "latest");
            for (var i = 0; i < 20; i++)
            {
                var seen = Now.AddDays(-140 + (7 * i));
                Platform[] platforms = i == 12
                    ? []
                    : i % 5 == 4
                        ? [new("linux", "arm64", "v8", $"sha256:m{i / 2}-arm64"), new("linux", "amd64", "", $"sha256:m{i}-amd64")]
                        : [new("linux", "arm64", "v8", $"sha256:m{i / 2}-arm64"), new("linux", "arm", "v7", $"sha256:m{i / 3}-armv7"), new("linux", "amd64", "", $"sha256:m{i}-amd64")];
                await history.AddRevisionAsync(fleet.MultiArch, $"sha256:index{i}", seen, pushedAt: i % 2 == 0 ? seen.AddMinutes(-3) : null, platforms: platforms);
            }

            fleet.BaselineOnly = await history.AddTagAsync("quay.io", "org/tool", "1");
            await history.AddRevisionAsync(fleet.BaselineOnly, "sha256:tool", Now.AddDays(-200));
            fleet.Pending = await history.AddTagAsync("gcr.io", "distroless/static", "nonroot", status: "pending");

            var missing = await history.AddTagAsync("cgr.dev", "chainguard/static", "latest", status: "missing", staleAfter: TimeSpan.FromDays(10), staleFactor: 2);
            for (var i = 0; i < 6; i++)
            {
                await history.AddRevisionAsync(missing, $"sha256:c{i}", Now.AddDays(-60 + (5 * i)));
            }

            fleet.Disabled = await history.AddTagAsync("docker.io", "library/debian", "12", enabled: false);
            await history.AddRevisionAsync(fleet.Disabled, "sha256:debian", Now.AddDays(-30));

            await fleet.AddFillerAsync();
            return fleet;
        }

        public CadenceSnapshot Snapshot(CadenceSettings settings) =>
            new(Watches, Reader, Summaries, settings, new FakeTimeProvider(Now), NullLogger<CadenceSnapshot>.Instance);

        /// <summary>Tags with a baseline and two successors each, a few days apart, written set-based.</summary>
        private async Task AddFillerAsync()
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                INSERT INTO monitor.watched_tag (registry, repository, tag, source, watch_group, added_at, enabled, consecutive_failures, status)
                SELECT 'registry.example.com', 'filler/r' || (n / 100), 't' || n, 'api', 'base', '2025-01-01T00:00:00Z', true, 0, 'ok'
                FROM generate_series(0, {FillerTags - 1}) AS n;
                INSERT INTO monitor.tag_revision (watched_tag_id, digest, media_type, first_seen_at, source, is_baseline, is_rollback)
                SELECT id, 'sha256:' || lpad(to_hex(id), 63, '0') || '0', 'application/vnd.oci.image.manifest.v1+json', '{Now:O}'::timestamptz - interval '1 day' * (30 + id % 17), 'poll', true, false
                FROM monitor.watched_tag WHERE registry = 'registry.example.com';
                """, connection);
            await command.ExecuteNonQueryAsync();
            for (var k = 1; k <= 2; k++)
            {
                await using var successor = new NpgsqlCommand($"""
                    WITH inserted AS (
                        INSERT INTO monitor.tag_revision (watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at, source, is_baseline, is_rollback)
                        SELECT r.watched_tag_id, r.id, 'sha256:' || lpad(to_hex(r.watched_tag_id), 63, '0') || '{k}', r.media_type, r.first_seen_at + interval '1 day' * (1 + r.watched_tag_id % 9),
                               r.first_seen_at + interval '1 day' * (1 + r.watched_tag_id % 9) - interval '15 minutes', 'poll', false, false
                        FROM monitor.tag_revision r JOIN monitor.watched_tag w ON w.id = r.watched_tag_id
                        WHERE w.registry = 'registry.example.com' AND r.digest = 'sha256:' || lpad(to_hex(r.watched_tag_id), 63, '0') || '{k - 1}'
                        RETURNING id, watched_tag_id, digest, first_seen_at)
                    UPDATE monitor.watched_tag w SET current_revision_id = i.id, current_digest = i.digest, last_changed_at = i.first_seen_at
                    FROM inserted i WHERE w.id = i.watched_tag_id
                    """, connection);
                await successor.ExecuteNonQueryAsync();
            }
        }
    }
}
