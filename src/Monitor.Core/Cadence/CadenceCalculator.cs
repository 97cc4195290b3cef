namespace Monitor.Core.Cadence;

/// <summary>The entry point of the cadence analytics: one tag's revision history in, its summary out.</summary>
public static class CadenceCalculator
{
    /// <summary>
    /// Bumped whenever what the calculator makes of a history changes (event grouping, event time, statistics):
    /// cadences stored under an older version are then recomputed rather than reused.
    /// </summary>
    public const int DefinitionVersion = 1;

    private const double DaysPerWeek = 7;
    private const double DaysPerMonth = 365.2425 / 12;

    /// <param name="history">All revisions of one tag, baseline included, in any order.</param>
    /// <param name="now">The time the summary is for (callers pass <c>TimeProvider.GetUtcNow()</c>).</param>
    /// <param name="options">Null for <see cref="CadenceOptions.Default"/>.</param>
    public static CadenceSummary Summarise(
        IReadOnlyList<RevisionObservation> history,
        DateTimeOffset now,
        CadenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return CadenceSummary.Empty;
        }

        var revisions = Chronology.ByFirstSeen(history);
        var events = Chronology.ByTime(
            RebuildEventDetector.Detect(revisions, options ?? CadenceOptions.Default, out var referenceSince));

        DateTimeOffset? lastRebuildAt = events.Length > 0 ? events[^1].Time : null;
        var observedSince = events.Length > 0 && events[0].Time < revisions[0].FirstSeenAt
            ? events[0].Time
            : revisions[0].FirstSeenAt;
        var observedSpan = now - observedSince;
        var intervals = RebuildIntervals.Between(events);
        var firstBucketDate = CadenceBuckets.UtcDate(observedSince);
        var lastBucketDate = CadenceBuckets.UtcDate(Latest(now, lastRebuildAt ?? now));

        return new CadenceSummary
        {
            Events = events,
            ObservedSince = observedSince,
            ObservedSpan = observedSpan,
            LastRebuildAt = lastRebuildAt,
            LastRebuildAge = now - lastRebuildAt,
            AgeMeasuredFrom = lastRebuildAt ?? referenceSince,
            Intervals = intervals,
            NextRebuildExpectedAt = lastRebuildAt + intervals?.Median,
            Recent = RecentRebuildCounts.Count(events, now),
            RebuildsPerWeek = RatePer(DaysPerWeek, events.Length, observedSpan),
            RebuildsPerMonth = RatePer(DaysPerMonth, events.Length, observedSpan),
            Weekly = CadenceBuckets.Weekly(events, firstBucketDate, lastBucketDate),
            Monthly = CadenceBuckets.Monthly(events, firstBucketDate, lastBucketDate),
        };
    }

    private static double? RatePer(double periodDays, int eventCount, TimeSpan span) =>
        span > TimeSpan.Zero ? eventCount / (span.TotalDays / periodDays) : null;

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
