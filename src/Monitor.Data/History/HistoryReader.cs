using System.Runtime.CompilerServices;
using Monitor.Core;
using Monitor.Core.Cadence;
using Monitor.Core.References;
using Npgsql;
using NpgsqlTypes;

namespace Monitor.Data.History;

/// <summary>Reads the digest history (revisions with their platforms): one tag's for its detail, or streamed for the whole fleet.</summary>
public sealed class HistoryReader(NpgsqlDataSource dataSource)
{
    /// <summary>Every revision of these tags, oldest first per tag, with their media types and (optionally) platforms.</summary>
    public async Task<IReadOnlyDictionary<long, List<StoredRevision>>> LoadRevisionsAsync(IReadOnlyCollection<long> tagIds, bool withPlatforms, CancellationToken cancellationToken)
    {
        var byTag = tagIds.ToDictionary(id => id, _ => new List<StoredRevision>());
        await foreach (var row in ReadAsync(tagIds, withMediaType: true, withPlatforms, cancellationToken))
        {
            byTag[row.TagId].Add(new StoredRevision(row.Id, row.MediaType!, row.Revision));
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
        var (currentTag, revisions) = (0L, new List<RevisionObservation>());
        await foreach (var row in ReadAsync(tagIds, withMediaType: false, withPlatforms, cancellationToken))
        {
            if (row.TagId != currentTag && revisions.Count > 0)
            {
                yield return (currentTag, revisions);
                revisions = new List<RevisionObservation>(revisions.Count + 1);
            }

            currentTag = row.TagId;
            revisions.Add(row.Revision);
        }

        if (revisions.Count > 0)
        {
            yield return (currentTag, revisions);
        }
    }

    /// <summary>
    /// One row per revision; with platforms, one per revision and platform (platform columns null when it has none),
    /// a revision's platform rows adjacent and in (os, architecture, variant) order. Joined flat rather than
    /// aggregated per revision: array_agg(… ORDER BY …) sorts once per revision and costs more than the rows.
    /// </summary>
    private async IAsyncEnumerable<RevisionRow> ReadAsync(
        IReadOnlyCollection<long> tagIds, bool withMediaType, bool withPlatforms, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (tagIds.Count == 0)
        {
            yield break;
        }

        var columns = "r.watched_tag_id, r.id, r.digest, r.first_seen_at, r.previous_check_at, r.pushed_at, r.image_created_at, r.source, r.is_baseline, r.is_rollback" +
            (withMediaType ? ", r.media_type" : "") +
            (withPlatforms ? ", p.os, p.architecture, p.variant, p.digest AS platform_digest" : "");
        await using var command = dataSource.CreateCommand(withPlatforms
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
        command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Bigint, tagIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var at = new ColumnOrdinals<Column>(reader);
        DateTimeOffset? Time(Column column) => reader.IsDBNull(at[column]) ? null : reader.GetFieldValue<DateTimeOffset>(at[column]);

        var more = await reader.ReadAsync(cancellationToken);
        while (more)
        {
            var (tagId, id, digest) = (reader.GetInt64(at[Column.WatchedTagId]), reader.GetInt64(at[Column.Id]), Sha256Digest.Parse(reader.GetString(at[Column.Digest])));
            var (firstSeenAt, previousCheckAt, pushedAt) = (reader.GetFieldValue<DateTimeOffset>(at[Column.FirstSeenAt]), Time(Column.PreviousCheckAt), Time(Column.PushedAt));
            var (isBaseline, isRollback) = (reader.GetBoolean(at[Column.IsBaseline]), reader.GetBoolean(at[Column.IsRollback]));
            var (imageCreatedAt, source) = (Time(Column.ImageCreatedAt), WireNames.RevisionSources.Parse(reader.GetString(at[Column.Source])));
            var mediaType = withMediaType ? reader.GetString(at[Column.MediaType]) : null;
            List<PlatformDigest>? platforms = null;
            (more, platforms) = withPlatforms
                ? await ReadPlatformsAsync(reader, at, id, cancellationToken)
                : (await reader.ReadAsync(cancellationToken), null);
            yield return new RevisionRow(tagId, id, mediaType, new RevisionObservation
            {
                Digest = digest,
                FirstSeenAt = firstSeenAt,
                PreviousCheckAt = previousCheckAt,
                PushedAt = pushedAt,
                ImageCreatedAt = imageCreatedAt,
                Source = source,
                IsBaseline = isBaseline,
                IsRollback = isRollback,
                Platforms = (IReadOnlyList<PlatformDigest>?)platforms ?? [],
            });
        }
    }

    /// <summary>
    /// Reads the platform columns of this row and of the following rows of the same revision; returns whether the
    /// reader stands on a further row, and the platforms (null when the revision has none).
    /// </summary>
    private static async Task<(bool More, List<PlatformDigest>? Platforms)> ReadPlatformsAsync(
        NpgsqlDataReader reader, ColumnOrdinals<Column> at, long revisionId, CancellationToken cancellationToken)
    {
        List<PlatformDigest>? platforms = null;
        bool more;
        do
        {
            if (!reader.IsDBNull(at[Column.Os]))
            {
                (platforms ??= []).Add(new PlatformDigest(
                    reader.GetString(at[Column.Os]), reader.GetString(at[Column.Architecture]), reader.GetString(at[Column.Variant]),
                    Sha256Digest.Parse(reader.GetString(at[Column.PlatformDigest]))));
            }

            more = await reader.ReadAsync(cancellationToken);
        }
        while (more && reader.GetInt64(at[Column.Id]) == revisionId);

        return (more, platforms);
    }

    private readonly record struct RevisionRow(long TagId, long Id, string? MediaType, RevisionObservation Revision);

    private enum Column
    {
        WatchedTagId,
        Id,
        Digest,
        FirstSeenAt,
        PreviousCheckAt,
        PushedAt,
        ImageCreatedAt,
        Source,
        IsBaseline,
        IsRollback,
        MediaType,
        Os,
        Architecture,
        Variant,
        PlatformDigest,
    }
}
