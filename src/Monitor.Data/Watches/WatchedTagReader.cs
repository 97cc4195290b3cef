using Monitor.Core;
using Monitor.Core.References;
using Monitor.Core.Staleness;
using Npgsql;

namespace Monitor.Data.Watches;

/// <summary>Reads <see cref="WatchedTagRow"/>s: one column list, one mapping, whichever query selects them.</summary>
internal static class WatchedTagReader
{
    public static string Columns => ColumnOrdinals<Column>.SelectList;

    public static async Task<IReadOnlyList<WatchedTagRow>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var at = new ColumnOrdinals<Column>(reader);
        var rows = new List<WatchedTagRow>();

        // Registries, repositories and groups repeat across a fleet: one instance each, not one per tag.
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(Column column)
        {
            var value = reader.GetString(at[column]);
            return shared.TryAdd(value, value) ? value : shared[value];
        }

        T? Value<T>(Column column)
            where T : struct => reader.IsDBNull(at[column]) ? null : reader.GetFieldValue<T>(at[column]);

        string? Text(Column column) => reader.IsDBNull(at[column]) ? null : reader.GetString(at[column]);

        while (await reader.ReadAsync(cancellationToken))
        {
            var (staleAfter, staleFactor) = (Value<TimeSpan>(Column.StaleAfter), Value<double>(Column.StaleFactor));
            rows.Add(new WatchedTagRow(
                reader.GetInt64(at[Column.Id]),
                new TagReference(Shared(Column.Registry), Shared(Column.Repository), reader.GetString(at[Column.Tag])),
                Shared(Column.WatchGroup),
                WireNames.WatchSources.Parse(reader.GetString(at[Column.Source])),
                reader.GetBoolean(at[Column.Enabled]),
                WireNames.PollStatuses.Parse(reader.GetString(at[Column.Status])),
                Text(Column.CurrentDigest) is { } digest ? Sha256Digest.Parse(digest) : null,
                Value<long>(Column.CurrentRevisionId),
                Value<DateTimeOffset>(Column.LastCheckedAt),
                reader.GetInt32(at[Column.ConsecutiveFailures]),
                Text(Column.LastError),
                staleAfter is null && staleFactor is null ? null : new StalenessPolicyOverrides(staleAfter, staleFactor),
                Value<long>(Column.BackfillRevisionId)));
        }

        return rows;
    }

    private enum Column
    {
        Id,
        Registry,
        Repository,
        Tag,
        WatchGroup,
        Source,
        Enabled,
        Status,
        CurrentDigest,
        CurrentRevisionId,
        LastCheckedAt,
        ConsecutiveFailures,
        LastError,
        StaleAfter,
        StaleFactor,
        BackfillRevisionId,
    }
}
