namespace Monitor.Core.Cadence;

/// <summary>The entry point of the cadence analytics: one tag's revision history in, its cadence out.</summary>
public static class CadenceCalculator
{
    /// <summary>
    /// Bumped whenever what the calculator makes of a history changes (event grouping, event time, statistics, what a
    /// basis holds): cadences stored under an older version are then recomputed rather than reused.
    /// Version 2: the basis holds what its age counts from (<see cref="CadenceBasis.AgeSource"/>).
    /// Version 3: without a rebuild, the age counts from the image config's <c>created</c> when no push time is known.
    /// </summary>
    public const int DefinitionVersion = 3;

    /// <summary>The time-independent cadence (what the fleet snapshot holds and stores).</summary>
    /// <param name="history">All revisions of one tag, baseline and back-filled ones included (merged by <see cref="HistoryMerge"/>), in any order.</param>
    /// <param name="options">Null for <see cref="CadenceOptions.Default"/>.</param>
    public static CadenceBasis Basis(IReadOnlyList<RevisionObservation> history, CadenceOptions? options = null) =>
        Detect(history, options).Basis;

    /// <summary>The cadence with its events and its weekly and monthly buckets up to <paramref name="now"/> (a tag's detail).</summary>
    /// <param name="history">All revisions of one tag, baseline included, in any order.</param>
    /// <param name="now">The time the buckets run to (callers pass <c>TimeProvider.GetUtcNow()</c>).</param>
    /// <param name="options">Null for <see cref="CadenceOptions.Default"/>.</param>
    public static CadenceSummary Summarise(
        IReadOnlyList<RevisionObservation> history,
        DateTimeOffset now,
        CadenceOptions? options = null)
    {
        var (basis, events) = Detect(history, options);
        if (basis.ObservedSince is not { } observedSince)
        {
            return CadenceSummary.Empty;
        }

        var firstBucketDate = CadenceBuckets.UtcDate(observedSince);
        var lastBucketDate = CadenceBuckets.UtcDate(Latest(now, basis.LastRebuildAt ?? now));
        return new CadenceSummary(
            basis,
            events,
            CadenceBuckets.Weekly(events, firstBucketDate, lastBucketDate),
            CadenceBuckets.Monthly(events, firstBucketDate, lastBucketDate));
    }

    private static (CadenceBasis Basis, RebuildEvent[] Events) Detect(IReadOnlyList<RevisionObservation> history, CadenceOptions? options)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return (CadenceBasis.Empty, []);
        }

        options ??= CadenceOptions.Default;
        var revisions = HistoryMerge.Merge(Chronology.ByFirstSeen(history), options);
        if (revisions.Count == 0)
        {
            return (CadenceBasis.Empty, []);
        }

        var events = Chronology.ByTime(RebuildEventDetector.Detect(revisions, options, out var reference));
        var observedSince = events.Length > 0 && events[0].Time < revisions[0].FirstSeenAt
            ? events[0].Time
            : revisions[0].FirstSeenAt;
        return (CadenceBasis.Of(events, observedSince, reference), events);
    }

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
