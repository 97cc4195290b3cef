using Monitor.Core;
using Monitor.Core.History;
using Monitor.Core.References;
using Npgsql;
using NpgsqlTypes;

namespace Monitor.Data.History;

/// <summary>
/// The write side of the digest history: one transaction per change, set-based statements for everything
/// else, so an unchanged cycle writes no rows and updates "last checked" in a single statement.
/// </summary>
public sealed class HistoryStore(NpgsqlDataSource dataSource)
{
    /// <summary>Writes the change as the successor of the tag's current revision, unless someone already did.</summary>
    public async Task<ChangeOutcome> RecordChangeAsync(ObservedChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var revisionId = await InsertRevisionAsync(connection, transaction, change, cancellationToken);
        if (revisionId is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return ChangeOutcome.AlreadyRecorded;
        }

        await InsertPlatformsAsync(connection, transaction, revisionId.Value, change.Platforms, cancellationToken);
        if (!await AdvanceTagAsync(connection, transaction, change, revisionId.Value, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return ChangeOutcome.AlreadyRecorded;
        }

        await transaction.CommitAsync(cancellationToken);
        return ChangeOutcome.Recorded;
    }

    /// <summary>The registry still serves the current digest: one statement for the whole batch.</summary>
    public Task<int> MarkUnchangedAsync(IReadOnlyCollection<long> tagIds, DateTimeOffset checkedAt, CancellationToken cancellationToken) =>
        MarkCheckedAsync(tagIds, checkedAt, PollStatus.Ok, cancellationToken);

    /// <summary>The registry answered 404: the tag is gone, a state rather than a failure.</summary>
    public Task<int> MarkMissingAsync(IReadOnlyCollection<long> tagIds, DateTimeOffset checkedAt, CancellationToken cancellationToken) =>
        MarkCheckedAsync(tagIds, checkedAt, PollStatus.Missing, cancellationToken);

    /// <summary>The poll failed: history and last-checked stay as they were.</summary>
    public async Task<int> MarkFailedAsync(IReadOnlyCollection<(long TagId, string Error)> failures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (failures.Count == 0)
        {
            return 0;
        }

        const string sql = """
            UPDATE monitor.watched_tag AS t
            SET consecutive_failures = t.consecutive_failures + 1, last_error = f.error, status = $3
            FROM unnest($1::bigint[], $2::text[]) AS f(id, error)
            WHERE t.id = f.id
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(failures.Select(f => f.TagId).ToArray());
        command.Parameters.AddWithValue(failures.Select(f => Truncate(f.Error, 1000)).ToArray());
        command.Parameters.AddWithValue(WireNames.PollStatuses.Name(PollStatus.Failing));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> StartPollRunAsync(string node, string watchGroup, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO monitor.poll_run (node, watch_group, started_at, tags_checked, changes, failures, missing) VALUES ($1, $2, $3, 0, 0, 0, 0) RETURNING id");
        command.Parameters.AddWithValue(node);
        command.Parameters.AddWithValue(watchGroup);
        command.Parameters.AddWithValue(startedAt);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task FinishPollRunAsync(long pollRunId, DateTimeOffset finishedAt, int checkedCount, int changes, int failures, int missing, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE monitor.poll_run SET finished_at = $2, tags_checked = $3, changes = $4, failures = $5, missing = $6 WHERE id = $1");
        command.Parameters.AddWithValue(pollRunId);
        command.Parameters.AddWithValue(finishedAt);
        command.Parameters.AddWithValue(checkedCount);
        command.Parameters.AddWithValue(changes);
        command.Parameters.AddWithValue(failures);
        command.Parameters.AddWithValue(missing);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes the poll runs that started before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> DeletePollRunsStartedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM monitor.poll_run WHERE started_at < $1");
        command.Parameters.AddWithValue(before);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long?> InsertRevisionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ObservedChange change, CancellationToken cancellationToken)
    {
        // ON CONFLICT covers the chain keys: one successor per revision, one baseline per tag.
        const string sql = """
            INSERT INTO monitor.tag_revision
                (watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at, pushed_at,
                 source, is_baseline, is_rollback)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $2 IS NULL,
                   EXISTS (SELECT 1 FROM monitor.tag_revision WHERE watched_tag_id = $1 AND digest = $3)
            ON CONFLICT DO NOTHING
            RETURNING id
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue(change.Tag.Id);
        command.Parameters.AddWithValue(NpgsqlDbType.Bigint, (object?)change.Tag.CurrentRevisionId ?? DBNull.Value);
        command.Parameters.AddWithValue(change.Digest.Value);
        command.Parameters.AddWithValue(change.MediaType);
        command.Parameters.AddWithValue(change.SeenAt);
        command.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, change.Tag.CurrentRevisionId is null ? DBNull.Value : (object?)change.Tag.LastCheckedAt ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)change.PushedAt ?? DBNull.Value);
        command.Parameters.AddWithValue(WireNames.RevisionSources.Name(RevisionSource.Poll));
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    private static async Task InsertPlatformsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long revisionId, IReadOnlyList<PlatformDigest> platforms, CancellationToken cancellationToken)
    {
        if (platforms.Count == 0)
        {
            return;
        }

        const string sql = """
            INSERT INTO monitor.revision_platform (revision_id, os, architecture, variant, digest)
            SELECT $1, p.os, p.architecture, p.variant, p.digest
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS p(os, architecture, variant, digest)
            ON CONFLICT DO NOTHING
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue(revisionId);
        command.Parameters.AddWithValue(platforms.Select(p => p.Os).ToArray());
        command.Parameters.AddWithValue(platforms.Select(p => p.Architecture).ToArray());
        command.Parameters.AddWithValue(platforms.Select(p => p.Variant ?? "").ToArray());
        command.Parameters.AddWithValue(platforms.Select(p => p.Digest.Value).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> AdvanceTagAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ObservedChange change, long revisionId, CancellationToken cancellationToken)
    {
        // Compare-and-set on the current revision: a poll working from a stale view changes nothing.
        const string sql = """
            UPDATE monitor.watched_tag
            SET current_digest = $3, current_revision_id = $2, last_changed_at = $4, last_checked_at = $4,
                status = $6, consecutive_failures = 0, last_error = NULL
            WHERE id = $1 AND current_revision_id IS NOT DISTINCT FROM $5
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue(change.Tag.Id);
        command.Parameters.AddWithValue(revisionId);
        command.Parameters.AddWithValue(change.Digest.Value);
        command.Parameters.AddWithValue(change.SeenAt);
        command.Parameters.AddWithValue(NpgsqlDbType.Bigint, (object?)change.Tag.CurrentRevisionId ?? DBNull.Value);
        command.Parameters.AddWithValue(WireNames.PollStatuses.Name(PollStatus.Ok));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>One statement for the whole batch: checked now, found in <paramref name="status"/>, no failure.</summary>
    private async Task<int> MarkCheckedAsync(IReadOnlyCollection<long> tagIds, DateTimeOffset checkedAt, PollStatus status, CancellationToken cancellationToken)
    {
        if (tagIds.Count == 0)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE monitor.watched_tag
            SET last_checked_at = $2, status = $3, consecutive_failures = 0, last_error = NULL
            WHERE id = ANY($1)
            """);
        command.Parameters.AddWithValue(tagIds.ToArray());
        command.Parameters.AddWithValue(checkedAt);
        command.Parameters.AddWithValue(WireNames.PollStatuses.Name(status));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
