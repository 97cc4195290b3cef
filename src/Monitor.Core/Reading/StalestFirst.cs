namespace Monitor.Core.Reading;

/// <summary>
/// The one order "stalest first" (the report's rows, which tags the metrics keep when capped): missing, stale, due,
/// fresh, unknown; within a status the oldest first, tags without an age last; ties by canonical reference.
/// </summary>
public static class StalestFirst
{
    public static IOrderedEnumerable<T> Order<T>(IEnumerable<T> items, Func<T, TagCadenceReading> reading, Func<T, string> canonicalReference)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return items
            .OrderBy(item => Rank(reading(item).Status))
            .ThenByDescending(item => reading(item).Age ?? TimeSpan.MinValue)
            .ThenBy(canonicalReference, StringComparer.Ordinal);
    }

    /// <summary>0 for the most urgent status (missing) to 4 (unknown: nothing to judge).</summary>
    public static int Rank(Staleness.StalenessStatus status) => status switch
    {
        Staleness.StalenessStatus.Missing => 0,
        Staleness.StalenessStatus.Stale => 1,
        Staleness.StalenessStatus.Due => 2,
        Staleness.StalenessStatus.Fresh => 3,
        _ => 4,
    };
}
