using System.Runtime.CompilerServices;
using Monitor.Core;
using Monitor.Core.Cadence;
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

        await using var command = RevisionsCommand(tagIds, withMediaType: true, withPlatforms);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var more = await reader.ReadAsync(cancellationToken);
        while (more)
        {
            var (tagId, id, digest, mediaType) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(MediaTypeField));
            var (firstSeenAt, previousCheckAt, pushedAt, isBaseline, isRollback) = ReadTimesAndFlags(reader);
            List<StoredPlatform>? platforms = null;
            (more, platforms) = withPlatforms
                ? await ReadPlatformsAsync(reader, id, static (os, architecture, variant, digest) => new StoredPlatform(os, architecture, variant, digest), cancellationToken)
                : (await reader.ReadAsync(cancellationToken), null);
            byTag[tagId].Add(new StoredRevision(id, digest, mediaType, firstSeenAt, previousCheckAt, pushedAt, isBaseline, isRollback, platforms ?? []));
        }

        return byTag;
    }

    /// <summary>
    /// The revisions of these tags as the cadence analytics read them, one tag at a time, oldest first, streamed: only
    /// one tag's history is held at a time. Tags without revisions are skipped. <paramref name="withPlatforms"/> adds
    /// each revision's child manifests (only per-platform cadence needs them).
    /// </summary>
    public async IAsyncEnumerable<(long TagId, List<RevisionObservation> Revisions)> StreamHistoriesAsync(
        IReadOnlyCollection<long> tagIds, bool withPlatforms, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (tagIds.Count == 0)
        {
            yield break;
        }

        await using var command = RevisionsCommand(tagIds, withMediaType: false, withPlatforms);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var more = await reader.ReadAsync(cancellationToken);
        var (currentTag, revisions) = (0L, new List<RevisionObservation>());
        while (more)
        {
            var (tagId, id, digest) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2));
            if (tagId != currentTag && revisions.Count > 0)
            {
                yield return (currentTag, revisions);
                revisions = new List<RevisionObservation>(revisions.Count + 1);
            }

            currentTag = tagId;
            var (firstSeenAt, previousCheckAt, pushedAt, isBaseline, isRollback) = ReadTimesAndFlags(reader);
            List<PlatformDigest>? platforms = null;
            (more, platforms) = withPlatforms
                ? await ReadPlatformsAsync(reader, id, static (os, architecture, variant, digest) => new PlatformDigest(os, architecture, variant, digest), cancellationToken)
                : (await reader.ReadAsync(cancellationToken), null);
            revisions.Add(new RevisionObservation
            {
                Digest = digest,
                FirstSeenAt = firstSeenAt,
                PreviousCheckAt = previousCheckAt,
                PushedAt = pushedAt,
                IsBaseline = isBaseline,
                IsRollback = isRollback,
                Platforms = (IReadOnlyList<PlatformDigest>?)platforms ?? [],
            });
        }

        if (revisions.Count > 0)
        {
            yield return (currentTag, revisions);
        }
    }

    private const int MediaTypeField = 8;

    /// <summary>
    /// One row per revision; with platforms, one per revision and platform (platform columns null when it has none),
    /// a revision's platform rows adjacent and in (os, architecture, variant) order. Joined flat rather than
    /// aggregated per revision: array_agg(… ORDER BY …) sorts once per revision and costs more than the rows.
    /// </summary>
    private NpgsqlCommand RevisionsCommand(IReadOnlyCollection<long> tagIds, bool withMediaType, bool withPlatforms)
    {
        var columns = "r.watched_tag_id, r.id, r.digest, r.first_seen_at, r.previous_check_at, r.pushed_at, r.is_baseline, r.is_rollback" +
            (withMediaType ? ", r.media_type" : "") +
            (withPlatforms ? ", p.os, p.architecture, p.variant, p.digest" : "");
        var command = dataSource.CreateCommand(withPlatforms
            ? $"""
              SELECT {columns}
              FROM monitor.tag_revision r LEFT JOIN monitor.revision_platform p ON p.revision_id = r.id
              WHERE r.watched_tag_id = ANY($1)
              ORDER BY r.watched_tag_id, r.first_seen_at, r.id, p.os, p.architecture, p.variant
              """
            : $"""
              SELECT {columns}
              FROM monitor.tag_revision r
              WHERE r.watched_tag_id = ANY($1)
              ORDER BY r.watched_tag_id, r.first_seen_at, r.id
              """);
        command.Parameters.Add(new NpgsqlParameter { Value = tagIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        return command;
    }

    private static (DateTimeOffset FirstSeenAt, DateTimeOffset? PreviousCheckAt, DateTimeOffset? PushedAt, bool IsBaseline, bool IsRollback) ReadTimesAndFlags(NpgsqlDataReader reader) =>
        (reader.GetFieldValue<DateTimeOffset>(3),
         reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
         reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
         reader.GetBoolean(6),
         reader.GetBoolean(7));

    /// <summary>
    /// Reads the platform columns of this row and of the following rows of the same revision; returns whether the
    /// reader stands on a further row, and the platforms (null when the revision has none).
    /// </summary>
    private static async Task<(bool More, List<T>? Platforms)> ReadPlatformsAsync<T>(
        NpgsqlDataReader reader, long revisionId, Func<string, string, string, string, T> create, CancellationToken cancellationToken)
    {
        var os = reader.FieldCount - 4;
        List<T>? platforms = null;
        bool more;
        do
        {
            if (!reader.IsDBNull(os))
            {
                (platforms ??= []).Add(create(reader.GetString(os), reader.GetString(os + 1), reader.GetString(os + 2), reader.GetString(os + 3)));
            }

            more = await reader.ReadAsync(cancellationToken);
        }
        while (more && reader.GetInt64(1) == revisionId);

        return (more, platforms);
    }

    private static async Task<IReadOnlyList<StoredTag>> ReadTagsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tags = new List<StoredTag>();

        // Registries, repositories and groups repeat across a fleet: one instance each, not one per tag.
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(int field)
        {
            var value = reader.GetString(field);
            return shared.TryAdd(value, value) ? value : shared[value];
        }

        while (await reader.ReadAsync(cancellationToken))
        {
            tags.Add(new StoredTag(
                reader.GetInt64(0), Shared(1), Shared(2), reader.GetString(3), Shared(4),
                WireNames.PollStatuses.Parse(reader.GetString(5)), reader.GetBoolean(6),
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
