using Monitor.Core;
using Monitor.Core.History;
using Monitor.Core.References;
using Npgsql;
using NpgsqlTypes;

namespace Monitor.Data.Watches;

/// <summary>The watched_tag rows: what is watched, from where, in which group. Set-based and idempotent.</summary>
public sealed class WatchStore(NpgsqlDataSource dataSource)
{
    /// <summary>Sources of tags someone asked for: the watchlist file does not take them over.</summary>
    private static readonly string[] RequestedSources = [WireNames.WatchSources.Name(WatchSource.Api), WireNames.WatchSources.Name(WatchSource.Cli)];

    /// <summary>
    /// Makes the configured tags watched (and enabled, in their configured group), and disables tags the
    /// configuration no longer names. History is never deleted. Returns (added, disabled).
    /// </summary>
    public async Task<(int Added, int Disabled)> SyncConfiguredAsync(IReadOnlyCollection<WatchSpec> configured, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configured);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = await UpsertAsync(connection, transaction, configured, now, UpsertMode.Sync, cancellationToken);

        await using var disable = new NpgsqlCommand("""
            UPDATE monitor.watched_tag AS t SET enabled = false
            WHERE t.source = $4 AND t.enabled
              AND NOT EXISTS (
                SELECT 1 FROM unnest($1::text[], $2::text[], $3::text[]) AS c(registry, repository, tag)
                WHERE c.registry = t.registry AND c.repository = t.repository AND c.tag = t.tag)
            """, connection, transaction);
        disable.Parameters.AddWithValue(configured.Select(w => w.Reference.Registry).ToArray());
        disable.Parameters.AddWithValue(configured.Select(w => w.Reference.Repository).ToArray());
        disable.Parameters.AddWithValue(configured.Select(w => w.Reference.Tag).ToArray());
        disable.Parameters.AddWithValue(WireNames.WatchSources.Name(WatchSource.Config));
        var disabled = await disable.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (added, disabled);
    }

    /// <summary>
    /// Adds tags someone asked for (CLI, API): new ones, and ones removed earlier, which are enabled again in the
    /// requested group. Watched rows are left alone. Returns how many were added.
    /// </summary>
    public async Task<int> AddAsync(IReadOnlyCollection<WatchSpec> watches, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await UpsertAsync(connection, null, watches, now, UpsertMode.Add, cancellationToken);
    }

    /// <summary>Adds discovered tags that were never watched; a tag someone removed stays removed.</summary>
    public async Task<int> AddDiscoveredAsync(IReadOnlyCollection<WatchSpec> watches, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await UpsertAsync(connection, null, watches, now, UpsertMode.Discover, cancellationToken);
    }

    /// <summary>Stops watching a tag (its history stays). False when it was not watched.</summary>
    public async Task<bool> DisableAsync(TagReference tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        await using var command = dataSource.CreateCommand(
            "UPDATE monitor.watched_tag SET enabled = false WHERE registry = $1 AND repository = $2 AND tag = $3 AND enabled");
        command.Parameters.AddWithValue(tag.Registry);
        command.Parameters.AddWithValue(tag.Repository);
        command.Parameters.AddWithValue(tag.Tag);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// Watched tags in canonical order: every group's (<paramref name="watchGroup"/> null) or one group's, with or without
    /// the disabled ones. The fleet view and the poll read the enabled ones, <c>watch list</c> all.
    /// </summary>
    public async Task<IReadOnlyList<WatchedTagRow>> ListAsync(string? watchGroup, bool includeDisabled, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {WatchedTagReader.Columns} FROM monitor.watched_tag
            WHERE ($1::text IS NULL OR watch_group = $1) AND (enabled OR $2)
            ORDER BY registry, repository, tag
            """);
        command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)watchGroup ?? DBNull.Value);
        command.Parameters.AddWithValue(includeDisabled);
        return await WatchedTagReader.ReadAsync(command, cancellationToken);
    }

    /// <summary>The tag's row, disabled or not; null when it was never watched.</summary>
    public async Task<WatchedTagRow?> FindAsync(TagReference tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        await using var command = dataSource.CreateCommand(
            $"SELECT {WatchedTagReader.Columns} FROM monitor.watched_tag WHERE registry = $1 AND repository = $2 AND tag = $3");
        command.Parameters.AddWithValue(tag.Registry);
        command.Parameters.AddWithValue(tag.Repository);
        command.Parameters.AddWithValue(tag.Tag);
        return (await WatchedTagReader.ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<int> UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<WatchSpec> watches, DateTimeOffset now, UpsertMode mode, CancellationToken cancellationToken)
    {
        if (watches.Count == 0)
        {
            return 0;
        }

        // Sync: xmax = 0 tells freshly inserted rows from updated ones. Add: only inserted and re-enabled rows come back,
        // and both are tags that were not watched before. Sync keeps the source of a tag someone asked for ($9).
        var isAdded = mode == UpsertMode.Sync ? "xmax = 0" : "true";
        var conflict = mode switch
        {
            UpsertMode.Sync => """
              ON CONFLICT (registry, repository, tag) DO UPDATE
              SET watch_group = excluded.watch_group, enabled = true, stale_after = excluded.stale_after,
                  stale_factor = excluded.stale_factor,
                  source = CASE WHEN watched_tag.source = ANY($9) THEN watched_tag.source ELSE excluded.source END
              """,
            UpsertMode.Add => "ON CONFLICT (registry, repository, tag) DO UPDATE SET enabled = true, watch_group = excluded.watch_group WHERE NOT watched_tag.enabled",
            _ => "ON CONFLICT (registry, repository, tag) DO NOTHING",
        };
        var sql = $"""
            INSERT INTO monitor.watched_tag
                (registry, repository, tag, watch_group, source, added_at, enabled, consecutive_failures, status, stale_after, stale_factor)
            SELECT w.registry, w.repository, w.tag, w.watch_group, w.source, $8, true, 0, $10, w.stale_after, w.stale_factor
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::interval[], $7::double precision[])
                 AS w(registry, repository, tag, watch_group, source, stale_after, stale_factor)
            {conflict}
            RETURNING ({isAdded})
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        var list = watches.DistinctBy(w => w.Reference).ToList();
        command.Parameters.AddWithValue(list.Select(w => w.Reference.Registry).ToArray());
        command.Parameters.AddWithValue(list.Select(w => w.Reference.Repository).ToArray());
        command.Parameters.AddWithValue(list.Select(w => w.Reference.Tag).ToArray());
        command.Parameters.AddWithValue(list.Select(w => w.WatchGroup).ToArray());
        command.Parameters.AddWithValue(list.Select(w => WireNames.WatchSources.Name(w.Source)).ToArray());
        command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Interval, list.Select(w => w.StaleAfter).ToArray());
        command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Double, list.Select(w => w.StaleFactor).ToArray());
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(RequestedSources);
        command.Parameters.AddWithValue(WireNames.PollStatuses.Name(PollStatus.Pending));
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            count += reader.GetBoolean(0) ? 1 : 0;
        }

        return count;
    }
}

internal enum UpsertMode
{
    /// <summary>The watchlist file: its settings win for the tags it names.</summary>
    Sync,

    /// <summary>A person asked: new or previously removed tags become watched.</summary>
    Add,

    /// <summary>Discovery: only tags never seen before.</summary>
    Discover,
}
