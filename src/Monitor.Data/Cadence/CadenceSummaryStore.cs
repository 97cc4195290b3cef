using System.Buffers.Binary;
using Monitor.Core;
using Monitor.Core.Cadence;
using Npgsql;
using NpgsqlTypes;

namespace Monitor.Data.Cadence;

/// <summary>
/// Stored per-tag cadences (<c>monitor.tag_cadence</c>): what lets a replica start with the fleet's cadence in
/// milliseconds rather than re-reading every revision. Set-based in both directions: one statement per load or save.
/// </summary>
public sealed class CadenceSummaryStore(NpgsqlDataSource dataSource)
{
    /// <summary>A tag's cadence and the history it was computed from: its current revision and its newest back-filled one (null: none).</summary>
    public readonly record struct Entry(long TagId, long ThroughRevisionId, CadenceBasis Cadence, long? ThroughBackfillRevisionId = null);

    /// <summary>
    /// The cadences stored under <paramref name="definition"/> for these tags (null: every tag), each with the revisions
    /// it was computed through; it holds only while they are still the tag's current and newest back-filled revisions.
    /// Tags without one are absent.
    /// </summary>
    public async Task<Dictionary<long, Entry>> LoadAsync(IReadOnlyCollection<long>? tagIds, string definition, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, Entry>(tagIds?.Count ?? 0);
        if (tagIds is { Count: 0 })
        {
            return found;
        }

        await using var command = dataSource.CreateCommand($"""
            SELECT {ColumnOrdinals<Column>.SelectList}
            FROM monitor.tag_cadence
            WHERE definition = $1 AND ($2::bigint[] IS NULL OR watched_tag_id = ANY($2))
            """);
        command.Parameters.AddWithValue(definition);
        command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Bigint, (object?)tagIds?.ToArray() ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var at = new ColumnOrdinals<Column>(reader);
        TimeSpan Interval(Column column) => reader.GetFieldValue<TimeSpan>(at[column]);
        DateTimeOffset? Time(Column column) => reader.IsDBNull(at[column]) ? null : reader.GetFieldValue<DateTimeOffset>(at[column]);
        while (await reader.ReadAsync(cancellationToken))
        {
            var intervalCount = reader.GetInt32(at[Column.IntervalCount]);
            var intervals = intervalCount == 0
                ? null
                : new RebuildIntervals(intervalCount, Interval(Column.IntervalMin), Interval(Column.IntervalMedian), Interval(Column.IntervalMean),
                    Interval(Column.IntervalP90), Interval(Column.IntervalMax));

            // A damaged row is left out: the tag is recomputed and the row rewritten.
            if (TryUnpack(reader.GetFieldValue<byte[]>(at[Column.RecentRebuilds]), out var recent))
            {
                var tagId = reader.GetInt64(at[Column.WatchedTagId]);
                found[tagId] = new Entry(tagId, reader.GetInt64(at[Column.ThroughRevisionId]), new CadenceBasis(
                    reader.GetInt32(at[Column.EventCount]), Time(Column.ObservedSince), Time(Column.LastRebuildAt), Time(Column.AgeMeasuredFrom),
                    reader.IsDBNull(at[Column.AgeSource]) ? null : WireNames.AgeSources.Parse(reader.GetString(at[Column.AgeSource])), intervals, recent),
                    reader.IsDBNull(at[Column.ThroughBackfillRevisionId]) ? null : reader.GetInt64(at[Column.ThroughBackfillRevisionId]));
            }
        }

        return found;
    }

    /// <summary>
    /// Stores these cadences in one statement. An entry never replaces one computed through a later revision (or the same
    /// one and a later back-fill) under the same definition (a lagging replica cannot move a tag's summary backwards); tags
    /// that no longer exist are skipped.
    /// Times must lie between 1970 and 2065 (the range <see cref="TryUnpack"/> accepts back).
    /// </summary>
    public async Task SaveAsync(IReadOnlyList<Entry> entries, string definition, DateTimeOffset computedAt, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("""
            INSERT INTO monitor.tag_cadence (watched_tag_id, through_revision_id, definition, computed_at, event_count, observed_since,
                                             last_rebuild_at, age_measured_from, age_source, interval_count, interval_min, interval_median,
                                             interval_mean, interval_p90, interval_max, recent_rebuilds, through_backfill_revision_id)
            SELECT t.tag_id, t.revision_id, $1, $2, t.event_count, t.observed_since, t.last_rebuild_at, t.age_measured_from, t.age_source,
                   t.interval_count, t.interval_min, t.interval_median, t.interval_mean, t.interval_p90, t.interval_max, t.recent_rebuilds,
                   t.backfill_revision_id
            FROM unnest($3::bigint[], $4::bigint[], $5::int[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::int[],
                        $11::interval[], $12::interval[], $13::interval[], $14::interval[], $15::interval[], $16::bytea[], $17::bigint[])
                 AS t(tag_id, revision_id, event_count, observed_since, last_rebuild_at, age_measured_from, age_source, interval_count,
                      interval_min, interval_median, interval_mean, interval_p90, interval_max, recent_rebuilds, backfill_revision_id)
            WHERE EXISTS (SELECT 1 FROM monitor.watched_tag w WHERE w.id = t.tag_id)
            ON CONFLICT (watched_tag_id) DO UPDATE SET
                through_revision_id = excluded.through_revision_id, definition = excluded.definition, computed_at = excluded.computed_at,
                event_count = excluded.event_count, observed_since = excluded.observed_since, last_rebuild_at = excluded.last_rebuild_at,
                age_measured_from = excluded.age_measured_from, age_source = excluded.age_source, interval_count = excluded.interval_count,
                interval_min = excluded.interval_min, interval_median = excluded.interval_median, interval_mean = excluded.interval_mean,
                interval_p90 = excluded.interval_p90, interval_max = excluded.interval_max, recent_rebuilds = excluded.recent_rebuilds,
                through_backfill_revision_id = excluded.through_backfill_revision_id
            WHERE (tag_cadence.through_revision_id, coalesce(tag_cadence.through_backfill_revision_id, 0))
                      <= (excluded.through_revision_id, coalesce(excluded.through_backfill_revision_id, 0))
                  OR tag_cadence.definition <> excluded.definition
            """);
        var parameters = command.Parameters;
        parameters.AddWithValue(definition);
        parameters.AddWithValue(computedAt);
        parameters.Add(Array(entries.Select(e => e.TagId).ToArray(), NpgsqlDbType.Bigint));
        parameters.Add(Array(entries.Select(e => e.ThroughRevisionId).ToArray(), NpgsqlDbType.Bigint));
        parameters.Add(Array(entries.Select(e => e.Cadence.EventCount).ToArray(), NpgsqlDbType.Integer));
        parameters.Add(Array(entries.Select(e => e.Cadence.ObservedSince).ToArray(), NpgsqlDbType.TimestampTz));
        parameters.Add(Array(entries.Select(e => e.Cadence.LastRebuildAt).ToArray(), NpgsqlDbType.TimestampTz));
        parameters.Add(Array(entries.Select(e => e.Cadence.AgeMeasuredFrom).ToArray(), NpgsqlDbType.TimestampTz));
        parameters.Add(Array(entries.Select(e => e.Cadence.AgeSource is { } source ? WireNames.AgeSources.Name(source) : null).ToArray(), NpgsqlDbType.Text));
        parameters.Add(Array(entries.Select(e => e.Cadence.Intervals?.Count ?? 0).ToArray(), NpgsqlDbType.Integer));
        parameters.Add(Array(entries.Select(e => e.Cadence.Intervals?.Min).ToArray(), NpgsqlDbType.Interval));
        parameters.Add(Array(entries.Select(e => e.Cadence.Intervals?.Median).ToArray(), NpgsqlDbType.Interval));
        parameters.Add(Array(entries.Select(e => e.Cadence.Intervals?.Mean).ToArray(), NpgsqlDbType.Interval));
        parameters.Add(Array(entries.Select(e => e.Cadence.Intervals?.P90).ToArray(), NpgsqlDbType.Interval));
        parameters.Add(Array(entries.Select(e => e.Cadence.Intervals?.Max).ToArray(), NpgsqlDbType.Interval));
        parameters.Add(Array(entries.Select(e => Pack(e.Cadence.RecentRebuildTicks)).ToArray(), NpgsqlDbType.Bytea));
        parameters.Add(Array(entries.Select(e => e.ThroughBackfillRevisionId).ToArray(), NpgsqlDbType.Bigint));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>UTC ticks as big-endian int64 microseconds since the Unix epoch (the format of <c>recent_rebuilds</c>).</summary>
    public static byte[] Pack(long[] utcTicks)
    {
        ArgumentNullException.ThrowIfNull(utcTicks);
        var packed = new byte[utcTicks.Length * sizeof(long)];
        for (var i = 0; i < utcTicks.Length; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(packed.AsSpan(i * sizeof(long)), (utcTicks[i] - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond);
        }

        return packed;
    }

    /// <summary>The inverse of <see cref="Pack"/>; false when the bytes are not a whole number of ascending times.</summary>
    public static bool TryUnpack(byte[] packed, out long[] utcTicks)
    {
        ArgumentNullException.ThrowIfNull(packed);
        utcTicks = [];
        if (packed.Length % sizeof(long) != 0)
        {
            return false;
        }

        var ticks = new long[packed.Length / sizeof(long)];
        for (var i = 0; i < ticks.Length; i++)
        {
            var microseconds = BinaryPrimitives.ReadInt64BigEndian(packed.AsSpan(i * sizeof(long)));
            if (microseconds is < 0 or > (3_000_000_000L * 1_000_000) || (i > 0 && ticks[i - 1] > (microseconds * TimeSpan.TicksPerMicrosecond) + DateTime.UnixEpoch.Ticks))
            {
                return false;
            }

            ticks[i] = (microseconds * TimeSpan.TicksPerMicrosecond) + DateTime.UnixEpoch.Ticks;
        }

        utcTicks = ticks;
        return true;
    }

    private static NpgsqlParameter Array<T>(T[] values, NpgsqlDbType elementType) =>
        new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | elementType };

    private enum Column
    {
        WatchedTagId,
        ThroughRevisionId,
        EventCount,
        ObservedSince,
        LastRebuildAt,
        AgeMeasuredFrom,
        AgeSource,
        IntervalCount,
        IntervalMin,
        IntervalMedian,
        IntervalMean,
        IntervalP90,
        IntervalMax,
        RecentRebuilds,
        ThroughBackfillRevisionId,
    }
}
