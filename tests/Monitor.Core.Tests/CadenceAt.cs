using Monitor.Core.Cadence;
using Monitor.Core.History;
using Monitor.Core.Reading;
using Monitor.Core.Staleness;

namespace Monitor.Core.Tests;

/// <summary>
/// A history's cadence at one moment as the tests check it: the calculator's summary (basis, events, buckets) and the
/// reading of that basis at the same moment, under the default policy, by the names the numbers have always had.
/// </summary>
internal sealed record CadenceAt(CadenceSummary Summary, TagCadenceReading Reading)
{
    public CadenceBasis Basis => Summary.Basis;

    public IReadOnlyList<RebuildEvent> Events => Summary.Events;

    public IReadOnlyList<IsoWeekBucket> Weekly => Summary.Weekly;

    public IReadOnlyList<MonthBucket> Monthly => Summary.Monthly;

    public DateTimeOffset? ObservedSince => Reading.ObservedSince;

    public TimeSpan? ObservedSpan => Reading.ObservedSpan;

    public DateTimeOffset? LastRebuildAt => Reading.LastRebuildAt;

    public TimeSpan? LastRebuildAge => Reading.LastRebuildAge;

    public DateTimeOffset? AgeMeasuredFrom => Reading.AgeMeasuredFrom;

    public RebuildIntervals? Intervals => Reading.Intervals;

    public DateTimeOffset? NextRebuildExpectedAt => Reading.NextRebuildDue;

    public RecentRebuildCounts Recent => Reading.Recent;

    public double? RebuildsPerWeek => Reading.RebuildsPerWeek;

    public double? RebuildsPerMonth => Reading.RebuildsPerMonth;

    public static CadenceAt Of(CadenceSummary summary, DateTimeOffset now) =>
        new(summary, TagCadenceReading.Of(summary.Basis, now, StalenessPolicy.Default, null, PollStatus.Ok));
}
