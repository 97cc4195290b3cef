using Monitor.Core;
using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Npgsql;
using NpgsqlTypes;

namespace Monitor.Data.History;

/// <summary>
/// The write side of back-fill: a registry's tag history stored as revisions marked <c>backfill</c>, outside the chain of
/// polled revisions (no predecessor, never a baseline, no detection window start), and the tag's back-fill state.
/// </summary>
public sealed class BackfillStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Stores a tag's history in one transaction, all or nothing, each entry as a revision whose first sighting and push
    /// time are the registry's time. An entry already stored (same digest and time) is skipped, so importing the same
    /// history again adds nothing. The tag's row is locked meanwhile, so a poll or another back-fill of the tag waits.
    /// </summary>
    /// <param name="entries">Oldest first, as the registry's history gives them.</param>
    /// <param name="at">When the back-fill ran.</param>
    /// <returns>How many revisions were added.</returns>
    /// <exception cref="InvalidOperationException">No watched tag has this id (watched tags are never deleted, only disabled).</exception>
    public async Task<int> ImportAsync(long tagId, IReadOnlyList<BackfilledEntry> entries, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockTag = new NpgsqlCommand("SELECT 1 FROM monitor.watched_tag WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            lockTag.Parameters.AddWithValue(tagId);
            if (await lockTag.ExecuteScalarAsync(cancellationToken) is null)
            {
                throw new InvalidOperationException($"No watched tag has id {tagId}.");
            }
        }

        var seen = new HashSet<Sha256Digest>();
        var rollbacks = entries.Select(e => !seen.Add(e.Digest)).ToArray();
        const string insert = """
            INSERT INTO monitor.tag_revision
                (watched_tag_id, previous_revision_id, digest, media_type, first_seen_at, previous_check_at, pushed_at, source, is_baseline, is_rollback)
            SELECT $1, NULL, e.digest, '', e.at, NULL, e.at, $5, false, e.rollback
            FROM unnest($2::text[], $3::timestamptz[], $4::boolean[]) AS e(digest, at, rollback)
            ON CONFLICT DO NOTHING
            RETURNING id
            """;
        var added = new List<long>();
        await using (var command = new NpgsqlCommand(insert, connection, transaction))
        {
            command.Parameters.AddWithValue(tagId);
            command.Parameters.AddWithValue(entries.Select(e => e.Digest.Value).ToArray());
            command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, entries.Select(e => e.At).ToArray());
            command.Parameters.AddWithValue(rollbacks);
            command.Parameters.AddWithValue(WireNames.RevisionSources.Name(RevisionSource.Backfill));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                added.Add(reader.GetInt64(0));
            }
        }

        // The newest back-filled revision id changes only when rows were added: that is what invalidates stored cadences.
        await using (var mark = new NpgsqlCommand("""
            UPDATE monitor.watched_tag
            SET backfilled_at = $2, backfill_attempted_at = $2, backfill_revision_id = coalesce($3, backfill_revision_id)
            WHERE id = $1
            """, connection, transaction))
        {
            mark.Parameters.AddWithValue(tagId);
            mark.Parameters.AddWithValue(at);
            mark.Parameters.AddWithValue(NpgsqlDbType.Bigint, added.Count > 0 ? added.Max() : DBNull.Value);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added.Count;
    }

    /// <summary>These tags' registries keep no history to import (or none for them): back-filled, with nothing to add.</summary>
    public Task<int> MarkNothingToImportAsync(IReadOnlyCollection<long> tagIds, DateTimeOffset at, CancellationToken cancellationToken) =>
        MarkAsync(tagIds, at, done: true, cancellationToken);

    /// <summary>A back-fill of these tags failed: tried now, to be tried again after the retry interval.</summary>
    public Task<int> MarkFailedAsync(IReadOnlyCollection<long> tagIds, DateTimeOffset at, CancellationToken cancellationToken) =>
        MarkAsync(tagIds, at, done: false, cancellationToken);

    /// <summary>
    /// Watched tags with a baseline whose history was never back-filled and not tried since <paramref name="triedBefore"/>,
    /// oldest watch first: what the automatic back-fill works through.
    /// </summary>
    public async Task<IReadOnlyList<WatchedTagRow>> ListPendingAsync(DateTimeOffset triedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {WatchedTagReader.Columns} FROM monitor.watched_tag
            WHERE enabled AND current_revision_id IS NOT NULL AND backfilled_at IS NULL
              AND (backfill_attempted_at IS NULL OR backfill_attempted_at < $1)
            ORDER BY id
            LIMIT $2
            """);
        command.Parameters.AddWithValue(triedBefore);
        command.Parameters.AddWithValue(limit);
        return await WatchedTagReader.ReadAsync(command, cancellationToken);
    }

    private async Task<int> MarkAsync(IReadOnlyCollection<long> tagIds, DateTimeOffset at, bool done, CancellationToken cancellationToken)
    {
        if (tagIds.Count == 0)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand(done
            ? "UPDATE monitor.watched_tag SET backfilled_at = $2, backfill_attempted_at = $2 WHERE id = ANY($1)"
            : "UPDATE monitor.watched_tag SET backfill_attempted_at = $2 WHERE id = ANY($1)");
        command.Parameters.AddWithValue(tagIds.ToArray());
        command.Parameters.AddWithValue(at);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
