using System.Text;
using Monitor.Core.References;
using Npgsql;

namespace Monitor.Worker.Tests.Support;

/// <summary>
/// Writes digest history straight into a migrated database, as the poller would have: each tag's revisions chained
/// (baseline first, every successor naming its predecessor), the watch pointing at the newest.
/// </summary>
internal sealed class HistoryBuilder(string connectionString)
{
    public sealed record Platform(string Os, string Architecture, string Variant, string Digest);

    /// <summary>The digest stored for a readable label such as <c>sha256:s1</c>: the label's own sha256 (a label that is a digest stays one).</summary>
    public static string Digest(string label) =>
        Sha256Digest.TryParse(label, out var digest) ? digest.Value : Sha256Digest.Compute(Encoding.UTF8.GetBytes(label)).Value;

    public async Task<long> AddTagAsync(string registry, string repository, string tag, bool enabled = true, string status = "ok",
        TimeSpan? staleAfter = null, double? staleFactor = null, string group = "base")
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO monitor.watched_tag (registry, repository, tag, source, watch_group, added_at, enabled, consecutive_failures, status, stale_after, stale_factor)
            VALUES ($1, $2, $3, 'api', $8, '2025-01-01T00:00:00Z', $4, 0, $5, $6, $7)
            RETURNING id
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = registry });
        command.Parameters.Add(new NpgsqlParameter { Value = repository });
        command.Parameters.Add(new NpgsqlParameter { Value = tag });
        command.Parameters.Add(new NpgsqlParameter { Value = enabled });
        command.Parameters.Add(new NpgsqlParameter { Value = status });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)staleAfter ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)staleFactor ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = group });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Appends a revision to the tag's chain (a baseline when it is the first) and makes it the current one. Digests are
    /// labels (<see cref="Digest"/>), the platforms' too.
    /// </summary>
    public async Task<long> AddRevisionAsync(long tagId, string label, DateTimeOffset firstSeenAt, DateTimeOffset? pushedAt = null, bool rollback = false,
        params Platform[] platforms)
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var digest = Digest(label);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO monitor.tag_revision (watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at, pushed_at,
                                              source, is_baseline, is_rollback)
            SELECT $1, w.current_revision_id, $2, $3, $4, CASE WHEN w.current_revision_id IS NULL THEN NULL ELSE $4 - interval '15 minutes' END, $5,
                   'poll', w.current_revision_id IS NULL, $6
            FROM monitor.watched_tag w WHERE w.id = $1
            RETURNING id
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = tagId });
        insert.Parameters.Add(new NpgsqlParameter { Value = digest });
        insert.Parameters.Add(new NpgsqlParameter { Value = platforms.Length > 0 ? "application/vnd.oci.image.index.v1+json" : "application/vnd.oci.image.manifest.v1+json" });
        insert.Parameters.Add(new NpgsqlParameter { Value = firstSeenAt });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)pushedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter { Value = rollback });
        var revisionId = (long)(await insert.ExecuteScalarAsync())!;

        foreach (var platform in platforms)
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO monitor.revision_platform (revision_id, os, architecture, variant, digest) VALUES ($1, $2, $3, $4, $5)", connection, transaction);
            foreach (var value in new object[] { revisionId, platform.Os, platform.Architecture, platform.Variant, Digest(platform.Digest) })
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await command.ExecuteNonQueryAsync();
        }

        await using var advance = new NpgsqlCommand(
            "UPDATE monitor.watched_tag SET current_revision_id = $2, current_digest = $3, last_changed_at = $4, last_checked_at = $4 WHERE id = $1",
            connection, transaction);
        foreach (var value in new object[] { tagId, revisionId, digest, firstSeenAt })
        {
            advance.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await advance.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return revisionId;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
