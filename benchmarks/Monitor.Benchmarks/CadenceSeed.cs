using System.Diagnostics;
using Npgsql;

namespace Monitor.Benchmarks;

/// <summary>
/// Writes a synthetic fleet straight into the migrated schema, set-based (INSERT … SELECT over generate_series):
/// per tag a baseline and <c>days − 1</c> daily successors, each naming its predecessor, and the watch pointing at
/// the newest. Bulk mode: ids are computed rather than drawn one by one (the identity sequences are moved past them
/// afterwards), and the foreign-key triggers are off while loading (<c>session_replication_role = replica</c>, as
/// pg_restore does); <see cref="VerifyAsync"/> then checks every foreign key and the chain set-based. The unique
/// indexes (one successor per revision, one baseline per tag, …) stay enforced throughout.
/// </summary>
internal static class CadenceSeed
{
    public const int TagsPerChunk = 1000;

    /// <summary>Fleet shape, decided per tag number n (0-based) so reruns produce the same data relative to now().</summary>
    private const string FleetSql = """
        CREATE TEMP TABLE bench_tag AS
        SELECT n,
               $2::bigint + n + 1 AS id,
               (ARRAY['docker.io', 'ghcr.io', 'quay.io', 'gcr.io'])[(n / 100) % 4 + 1] AS registry,
               'bench/r' || lpad((n / 100)::text, 3, '0') AS repository,
               't' || lpad((n % 100)::text, 4, '0') AS tag,
               (ARRAY['base', 'apps', 'tools'])[n % 3 + 1] AS watch_group,
               n % 10 = 0 AS multi_arch,
               (n / 100) % 4 = 0 AS push_time_known,
               -- Most tags were rebuilt within the last 20 hours; one in 20 stopped rebuilding 20 to 59 days ago.
               CASE WHEN n % 20 = 7 THEN interval '1 day' * (20 + n % 40) ELSE interval '1 minute' * (n * 37 % 1200) END AS idle
        FROM generate_series(0, $1 - 1) AS n
        """;

    private const string TagsSql = """
        INSERT INTO monitor.watched_tag (id, registry, repository, tag, source, watch_group, added_at, enabled, consecutive_failures, status)
        SELECT id, registry, repository, tag, 'api', watch_group, now() - idle - interval '1 day' * $1, true, 0, 'ok'
        FROM bench_tag ORDER BY n
        """;

    /// <summary>
    /// Revision k of tag n: first seen k days after the baseline (minus 0–119 minutes of jitter), detected by a poll
    /// 15 minutes after the one that still saw the previous digest; docker.io tags also carry a push time 1–14
    /// minutes before detection.
    /// </summary>
    private const string RevisionsSql = """
        INSERT INTO monitor.tag_revision (id, watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at,
                                          pushed_at, source, is_baseline, is_rollback)
        SELECT r.id, t.id, CASE WHEN k > 0 THEN r.id - 1 END,
               'sha256:' || md5(t.n || '/' || k) || md5(k || '/' || t.n),
               CASE WHEN t.multi_arch THEN 'application/vnd.oci.image.index.v1+json' ELSE 'application/vnd.oci.image.manifest.v1+json' END,
               r.seen, CASE WHEN k > 0 THEN r.seen - interval '15 minutes' END,
               CASE WHEN t.push_time_known THEN r.seen - interval '1 minute' * ((t.n * 31 + k * 17) % 14 + 1) END,
               'poll', k = 0, false
        FROM bench_tag t
        CROSS JOIN generate_series(0, $1 - 1) AS k
        CROSS JOIN LATERAL (SELECT $2::bigint + t.n * $1 + k + 1 AS id,
                                   now() - t.idle - interval '1 day' * ($1 - 1 - k) - interval '1 minute' * ((t.n * 7919 + k * 104729) % 120) AS seen) AS r
        WHERE t.n >= $3 AND t.n < $4
        ORDER BY t.n, k
        """;

    private const string PlatformsSql = """
        INSERT INTO monitor.revision_platform (revision_id, os, architecture, variant, digest)
        SELECT $2::bigint + t.n * $1 + k + 1, 'linux', p.architecture, p.variant,
               'sha256:' || md5(t.n || '/' || k || '/' || p.architecture) || md5(p.architecture || '/' || k || '/' || t.n)
        FROM bench_tag t
        CROSS JOIN generate_series(0, $1 - 1) AS k
        CROSS JOIN (VALUES ('amd64', ''), ('arm64', 'v8')) AS p(architecture, variant)
        WHERE t.multi_arch AND t.n >= $3 AND t.n < $4
        ORDER BY t.n, k
        """;

    /// <summary>Points each watch at its newest revision; a few tags are failing or gone, as in a real fleet.</summary>
    private const string CurrentSql = """
        UPDATE monitor.watched_tag w
        SET current_revision_id = r.id, current_digest = r.digest, last_changed_at = r.first_seen_at,
            last_checked_at = now() - interval '1 minute' * (t.n % 15),
            status = CASE WHEN t.n % 200 = 5 THEN 'missing' WHEN t.n % 100 = 3 THEN 'failing' ELSE 'ok' END,
            consecutive_failures = CASE WHEN t.n % 100 = 3 AND t.n % 200 <> 5 THEN 3 ELSE 0 END,
            last_error = CASE WHEN t.n % 100 = 3 AND t.n % 200 <> 5 THEN 'timeout after 30 s' END
        FROM bench_tag t
        JOIN monitor.tag_revision r ON r.id = $2::bigint + t.n * $1 + $1
        WHERE w.id = t.id
        """;

    public sealed record Result(int Tags, long Revisions, long Platforms, TimeSpan Insert, TimeSpan Verify, TimeSpan Analyze, long TagIdBase);

    public static async Task<Result> RunAsync(string connectionString, int tagCount, int days)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tagBase = await ScalarAsync(connection, "SELECT coalesce(max(id), 0) FROM monitor.watched_tag");
        var revisionBase = await ScalarAsync(connection, "SELECT coalesce(max(id), 0) FROM monitor.tag_revision");

        var insert = Stopwatch.StartNew();
        await ExecuteAsync(connection, "SET session_replication_role = replica");
        await ExecuteAsync(connection, FleetSql, tagCount, tagBase);
        await ExecuteAsync(connection, TagsSql, days);
        long revisions = 0, platforms = 0;
        for (var from = 0; from < tagCount; from += TagsPerChunk)
        {
            var to = Math.Min(tagCount, from + TagsPerChunk);
            revisions += await ExecuteAsync(connection, RevisionsSql, days, revisionBase, from, to);
            platforms += await ExecuteAsync(connection, PlatformsSql, days, revisionBase, from, to);
            Console.WriteLine($"  seeded tags {from}–{to - 1}: {revisions:N0} revisions, {platforms:N0} platform rows, {insert.Elapsed.TotalSeconds:0.0} s");
        }

        await ExecuteAsync(connection, CurrentSql, days, revisionBase);
        await ExecuteAsync(connection, "SET session_replication_role = DEFAULT");
        await ExecuteAsync(connection, """
            SELECT setval(pg_get_serial_sequence('monitor.watched_tag', 'id'), (SELECT max(id) FROM monitor.watched_tag));
            SELECT setval(pg_get_serial_sequence('monitor.tag_revision', 'id'), (SELECT max(id) FROM monitor.tag_revision));
            """);
        insert.Stop();

        var verify = Stopwatch.StartNew();
        await VerifyAsync(connection, tagCount, days);
        verify.Stop();

        // What autovacuum would have done by the time such a history exists: statistics and the visibility map.
        var analyze = Stopwatch.StartNew();
        await ExecuteAsync(connection, "VACUUM (ANALYZE) monitor.watched_tag, monitor.tag_revision, monitor.revision_platform");
        analyze.Stop();
        return new Result(tagCount, revisions, platforms, insert.Elapsed, verify.Elapsed, analyze.Elapsed, tagBase);
    }

    /// <summary>The checks the disabled foreign-key triggers would have made, plus the chain's shape.</summary>
    private static async Task VerifyAsync(NpgsqlConnection connection, int tagCount, int days)
    {
        var checks = new (string Name, string Sql, long Expected)[]
        {
            ("revisions", "SELECT count(*) FROM monitor.tag_revision r JOIN bench_tag t ON t.id = r.watched_tag_id", (long)tagCount * days),
            ("revisions without their watch", "SELECT count(*) FROM monitor.tag_revision r WHERE NOT EXISTS (SELECT 1 FROM monitor.watched_tag w WHERE w.id = r.watched_tag_id)", 0),
            ("successors whose predecessor is missing, of another tag or not older",
                """
                SELECT count(*) FROM monitor.tag_revision r LEFT JOIN monitor.tag_revision p ON p.id = r.previous_revision_id
                WHERE r.previous_revision_id IS NOT NULL AND (p.id IS NULL OR p.watched_tag_id <> r.watched_tag_id OR p.first_seen_at >= r.first_seen_at)
                """, 0),
            ("baselines that have a predecessor, or successors that have none", "SELECT count(*) FROM monitor.tag_revision WHERE is_baseline <> (previous_revision_id IS NULL)", 0),
            ("seeded tags without exactly one baseline",
                "SELECT count(*) FROM bench_tag t WHERE (SELECT count(*) FROM monitor.tag_revision r WHERE r.watched_tag_id = t.id AND r.is_baseline) <> 1", 0),
            ("watches not pointing at their newest revision",
                """
                SELECT count(*) FROM monitor.watched_tag w JOIN bench_tag t ON t.id = w.id LEFT JOIN monitor.tag_revision r ON r.id = w.current_revision_id
                WHERE r.id IS NULL OR r.watched_tag_id <> w.id OR r.digest <> w.current_digest
                   OR EXISTS (SELECT 1 FROM monitor.tag_revision s WHERE s.previous_revision_id = r.id)
                """, 0),
            ("platform rows without their revision", "SELECT count(*) FROM monitor.revision_platform p WHERE NOT EXISTS (SELECT 1 FROM monitor.tag_revision r WHERE r.id = p.revision_id)", 0),
        };
        foreach (var (name, sql, expected) in checks)
        {
            var actual = await ScalarAsync(connection, sql);
            if (actual != expected)
            {
                throw new InvalidOperationException($"seed check failed: {name}: {actual}, expected {expected}");
            }
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync();
    }
}
