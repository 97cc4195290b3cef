using Monitor.Core;
using Monitor.Core.History;
using Npgsql;
using NpgsqlTypes;

namespace Monitor.Data.History;

/// <summary>
/// The write side of the digest history: set-based statements, so a batch of changes is one transaction and an
/// unchanged cycle writes no rows and updates "last checked" in a single statement.
/// </summary>
public sealed class HistoryStore(NpgsqlDataSource dataSource)
{
    private const int DeadlockAttempts = 3;

    /// <summary>Writes the change as the successor of the tag's current revision, unless someone already did.</summary>
    public async Task<ChangeOutcome> RecordChangeAsync(ObservedChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return (await RecordChangesAsync([change], cancellationToken))[0];
    }

    /// <summary>
    /// Writes each change as the successor of its tag's current revision (as the poll loaded it), unless someone already
    /// did: one transaction for the batch. The chain keys (one successor per revision, one baseline per tag) make a
    /// replayed poll or a racing replica insert nothing, and the compare-and-set on the tag's current revision undoes a
    /// change whose tag has moved on meanwhile. At most one change per tag.
    /// </summary>
    /// <returns>Each change's outcome, in the order given.</returns>
    public async Task<IReadOnlyList<ChangeOutcome>> RecordChangesAsync(IReadOnlyList<ObservedChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Select(c => c.Tag.Id).Distinct().Count() != changes.Count)
        {
            throw new ArgumentException("At most one change per tag in a batch.", nameof(changes));
        }

        if (changes.Count == 0)
        {
            return [];
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var recorded = await WriteChangesAsync(changes, cancellationToken);
                return [.. changes.Select(c => recorded.Contains(c.Tag.Id) ? ChangeOutcome.Recorded : ChangeOutcome.AlreadyRecorded)];
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < DeadlockAttempts)
            {
                // Two writers of overlapping tags (replicas racing, or an unchanged update of another cycle): the whole
                // transaction was rolled back, and replaying it is safe.
            }
        }
    }

    /// <summary>The registry still serves each tag's current digest: one statement for the whole batch.</summary>
    public Task<int> MarkUnchangedAsync(IReadOnlyCollection<TagCheck> checks, CancellationToken cancellationToken) =>
        MarkCheckedAsync(checks, PollStatus.Ok, cancellationToken);

    /// <summary>The registry answered 404: the tag is gone, a state rather than a failure.</summary>
    public Task<int> MarkMissingAsync(IReadOnlyCollection<TagCheck> checks, CancellationToken cancellationToken) =>
        MarkCheckedAsync(checks, PollStatus.Missing, cancellationToken);

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

    /// <summary>Returns the tags whose change was recorded.</summary>
    private async Task<HashSet<long>> WriteChangesAsync(IReadOnlyList<ObservedChange> changes, CancellationToken cancellationToken)
    {
        // Rows inserted in tag order, so two writers of overlapping batches wait for each other instead of deadlocking.
        // ON CONFLICT covers the chain keys. The tag moves only from the revision the poll saw (compare-and-set).
        const string sql = """
            WITH c AS (
                SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                                     $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
                    AS c(tag_id, previous_id, digest, media_type, first_seen_at, previous_check_at, pushed_at, image_created_at, checked_at)
            ),
            inserted AS (
                INSERT INTO monitor.tag_revision
                    (watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at, pushed_at,
                     image_created_at, source, is_baseline, is_rollback)
                SELECT c.tag_id, c.previous_id, c.digest, c.media_type, c.first_seen_at, c.previous_check_at, c.pushed_at,
                       c.image_created_at, $10, c.previous_id IS NULL,
                       EXISTS (SELECT 1 FROM monitor.tag_revision r WHERE r.watched_tag_id = c.tag_id AND r.digest = c.digest AND r.source = $10)
                FROM c
                ORDER BY c.tag_id
                ON CONFLICT DO NOTHING
                RETURNING id, watched_tag_id
            ),
            platforms AS (
                INSERT INTO monitor.revision_platform (revision_id, os, architecture, variant, digest)
                SELECT i.id, p.os, p.architecture, p.variant, p.digest
                FROM inserted i
                JOIN unnest($11::bigint[], $12::text[], $13::text[], $14::text[], $15::text[]) AS p(tag_id, os, architecture, variant, digest)
                    ON p.tag_id = i.watched_tag_id
                ON CONFLICT DO NOTHING
            ),
            advanced AS (
                UPDATE monitor.watched_tag AS t
                SET current_digest = c.digest, current_revision_id = i.id, last_changed_at = c.first_seen_at,
                    last_checked_at = c.checked_at, status = $16, consecutive_failures = 0, last_error = NULL
                FROM inserted i JOIN c ON c.tag_id = i.watched_tag_id
                WHERE t.id = i.watched_tag_id AND t.current_revision_id IS NOT DISTINCT FROM c.previous_id
                RETURNING t.id
            )
            SELECT i.id, i.watched_tag_id, a.id IS NOT NULL
            FROM inserted i LEFT JOIN advanced a ON a.id = i.watched_tag_id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var platforms = changes.SelectMany(c => c.Platforms.Select(p => (c.Tag.Id, Platform: p))).ToList();
        var recorded = new HashSet<long>();
        var undone = new List<long>();
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            var parameters = command.Parameters;
            parameters.AddWithValue(changes.Select(c => c.Tag.Id).ToArray());
            parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Bigint, changes.Select(c => c.Tag.CurrentRevisionId).ToArray());
            parameters.AddWithValue(changes.Select(c => c.Digest.Value).ToArray());
            parameters.AddWithValue(changes.Select(c => c.MediaType).ToArray());
            parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, changes.Select(c => c.SeenAt.ToUniversalTime()).ToArray());
            parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                changes.Select(c => c.Tag.CurrentRevisionId is null ? null : c.Tag.LastCheckedAt?.ToUniversalTime()).ToArray());
            parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, changes.Select(c => c.PushedAt?.ToUniversalTime()).ToArray());
            parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, changes.Select(c => c.ImageCreatedAt?.ToUniversalTime()).ToArray());
            parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, changes.Select(c => (c.CheckedAt ?? c.SeenAt).ToUniversalTime()).ToArray());
            parameters.AddWithValue(WireNames.RevisionSources.Name(RevisionSource.Poll));
            parameters.AddWithValue(platforms.Select(p => p.Id).ToArray());
            parameters.AddWithValue(platforms.Select(p => p.Platform.Os).ToArray());
            parameters.AddWithValue(platforms.Select(p => p.Platform.Architecture).ToArray());
            parameters.AddWithValue(platforms.Select(p => p.Platform.Variant ?? "").ToArray());
            parameters.AddWithValue(platforms.Select(p => p.Platform.Digest.Value).ToArray());
            parameters.AddWithValue(WireNames.PollStatuses.Name(PollStatus.Ok));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetBoolean(2))
                {
                    recorded.Add(reader.GetInt64(1));
                }
                else
                {
                    undone.Add(reader.GetInt64(0));
                }
            }
        }

        if (undone.Count > 0)
        {
            // The tag moved on since the poll loaded it: its revision is not the successor of what the poll saw.
            await using var undo = new NpgsqlCommand("DELETE FROM monitor.tag_revision WHERE id = ANY($1)", connection, transaction);
            undo.Parameters.AddWithValue(undone.ToArray());
            await undo.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return recorded;
    }

    /// <summary>
    /// One statement for the whole batch: each tag checked at its own request's time, found in <paramref name="status"/>,
    /// no failure; a tag whose current revision is no longer the one the poll loaded is left to the poll that moved it.
    /// </summary>
    private async Task<int> MarkCheckedAsync(IReadOnlyCollection<TagCheck> checks, PollStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        if (checks.Count == 0)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE monitor.watched_tag AS t
            SET last_checked_at = c.checked_at, status = $4, consecutive_failures = 0, last_error = NULL
            FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) AS c(id, revision_id, checked_at)
            WHERE t.id = c.id AND t.current_revision_id IS NOT DISTINCT FROM c.revision_id
            """);
        command.Parameters.AddWithValue(checks.Select(c => c.TagId).ToArray());
        command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Bigint, checks.Select(c => c.RevisionId).ToArray());
        command.Parameters.AddWithValue(checks.Select(c => c.CheckedAt.ToUniversalTime()).ToArray());
        command.Parameters.AddWithValue(WireNames.PollStatuses.Name(status));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
