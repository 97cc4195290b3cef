using Npgsql;
using NpgsqlTypes;

namespace Monitor.Data.Cadence;

/// <summary>Reads digest history for the cadence analytics: one tag at a time, or streamed for the whole fleet.</summary>
public sealed class HistoryReader(NpgsqlDataSource dataSource)
{
    private const string TagColumns = """
        id, registry, repository, tag, watch_group, status, enabled, current_digest, current_revision_id,
        last_checked_at, consecutive_failures, last_error, stale_after, stale_factor
        """;

    public async Task<IReadOnlyList<StoredTag>> LoadTagsAsync(bool includeDisabled, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {TagColumns} FROM monitor.watched_tag WHERE enabled OR $1 ORDER BY registry, repository, tag");
        command.Parameters.Add(new NpgsqlParameter { Value = includeDisabled });
        return await ReadTagsAsync(command, cancellationToken);
    }

    public async Task<StoredTag?> FindTagAsync(string registry, string repository, string tag, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {TagColumns} FROM monitor.watched_tag WHERE registry = $1 AND repository = $2 AND tag = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = registry });
        command.Parameters.Add(new NpgsqlParameter { Value = repository });
        command.Parameters.Add(new NpgsqlParameter { Value = tag });
        return (await ReadTagsAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Every revision of these tags with their platforms, oldest first per tag.</summary>
    public async Task<IReadOnlyDictionary<long, List<StoredRevision>>> LoadRevisionsAsync(IReadOnlyCollection<long> tagIds, bool withPlatforms, CancellationToken cancellationToken)
    {
        var byTag = tagIds.ToDictionary(id => id, _ => new List<StoredRevision>());
        if (tagIds.Count == 0)
        {
            return byTag;
        }

        await using var command = dataSource.CreateCommand(withPlatforms
            ? """
              SELECT r.watched_tag_id, r.id, r.digest, r.media_type, r.first_seen_at, r.previous_check_at, r.pushed_at, r.is_baseline, r.is_rollback,
                     coalesce(array_agg(p.os ORDER BY p.os, p.architecture, p.variant) FILTER (WHERE p.id IS NOT NULL), '{}'),
                     coalesce(array_agg(p.architecture ORDER BY p.os, p.architecture, p.variant) FILTER (WHERE p.id IS NOT NULL), '{}'),
                     coalesce(array_agg(p.variant ORDER BY p.os, p.architecture, p.variant) FILTER (WHERE p.id IS NOT NULL), '{}'),
                     coalesce(array_agg(p.digest ORDER BY p.os, p.architecture, p.variant) FILTER (WHERE p.id IS NOT NULL), '{}')
              FROM monitor.tag_revision r LEFT JOIN monitor.revision_platform p ON p.revision_id = r.id
              WHERE r.watched_tag_id = ANY($1)
              GROUP BY r.id
              ORDER BY r.watched_tag_id, r.first_seen_at, r.id
              """
            : """
              SELECT r.watched_tag_id, r.id, r.digest, r.media_type, r.first_seen_at, r.previous_check_at, r.pushed_at, r.is_baseline, r.is_rollback
              FROM monitor.tag_revision r
              WHERE r.watched_tag_id = ANY($1)
              ORDER BY r.watched_tag_id, r.first_seen_at, r.id
              """);
        command.Parameters.Add(new NpgsqlParameter { Value = tagIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var platforms = withPlatforms ? ReadPlatforms(reader) : [];
            byTag[reader.GetInt64(0)].Add(new StoredRevision(
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetBoolean(7),
                reader.GetBoolean(8),
                platforms));
        }

        return byTag;
    }

    private static StoredPlatform[] ReadPlatforms(NpgsqlDataReader reader)
    {
        var os = reader.GetFieldValue<string[]>(9);
        var architecture = reader.GetFieldValue<string[]>(10);
        var variant = reader.GetFieldValue<string[]>(11);
        var digest = reader.GetFieldValue<string[]>(12);
        return [.. os.Select((_, i) => new StoredPlatform(os[i], architecture[i], variant[i], digest[i]))];
    }

    private static async Task<IReadOnlyList<StoredTag>> ReadTagsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tags = new List<StoredTag>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tags.Add(new StoredTag(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetBoolean(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetInt64(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetInt32(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<TimeSpan>(12),
                reader.IsDBNull(13) ? null : reader.GetDouble(13)));
        }

        return tags;
    }
}
