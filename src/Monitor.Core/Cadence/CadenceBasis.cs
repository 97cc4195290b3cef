namespace Monitor.Core.Cadence;

/// <summary>
/// The part of a tag's cadence that does not depend on the moment it is read: what a summary keeps when it is
/// stored or held for a fleet. Every time-dependent number (age, rebuilds in the last 7/30/90 days, staleness) is
/// projected from it at read time, so it stays valid until the tag's history changes.
/// </summary>
/// <param name="EventCount">Rebuild events in the whole history.</param>
/// <param name="ObservedSince">Start of the history; null without history.</param>
/// <param name="LastRebuildAt">Time of the newest rebuild event; null with none.</param>
/// <param name="AgeMeasuredFrom">What staleness counts the age from (see <see cref="CadenceSummary.AgeMeasuredFrom"/>).</param>
/// <param name="Intervals">Interval statistics; null with fewer than two events.</param>
/// <param name="RecentRebuildTicks">
/// UTC ticks of the events no more than <see cref="RecentHorizon"/> before the last one, ascending: enough to count
/// the events of any trailing window up to that long at any later moment.
/// </param>
public sealed record CadenceBasis(
    int EventCount,
    DateTimeOffset? ObservedSince,
    DateTimeOffset? LastRebuildAt,
    DateTimeOffset? AgeMeasuredFrom,
    RebuildIntervals? Intervals,
    long[] RecentRebuildTicks)
{
    /// <summary>The longest trailing window the basis can count events in.</summary>
    public static readonly TimeSpan RecentHorizon = TimeSpan.FromDays(90);

    public static CadenceBasis Empty { get; } = new(0, null, null, null, null, []);

    /// <summary>Last rebuild plus the median interval; null with fewer than two events.</summary>
    public DateTimeOffset? NextRebuildExpectedAt => LastRebuildAt + Intervals?.Median;

    public static CadenceBasis From(CadenceSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var events = summary.Events;
        var recent = new List<long>();
        if (summary.LastRebuildAt is { } last)
        {
            var horizon = last - RecentHorizon;
            foreach (var rebuild in events)
            {
                if (rebuild.Time >= horizon)
                {
                    recent.Add(rebuild.Time.UtcTicks);
                }
            }

            recent.Sort();
        }

        return new CadenceBasis(events.Count, summary.ObservedSince, summary.LastRebuildAt, summary.AgeMeasuredFrom, summary.Intervals, [.. recent]);
    }

    /// <summary>Rebuild events at or after <paramref name="since"/>, which must be no earlier than <see cref="RecentHorizon"/> before the last rebuild.</summary>
    public int RebuildsSince(DateTimeOffset since)
    {
        var ticks = RecentRebuildTicks;
        var index = Array.BinarySearch(ticks, since.UtcTicks);
        if (index < 0)
        {
            return ticks.Length - ~index;
        }

        while (index > 0 && ticks[index - 1] == ticks[index])
        {
            index--;
        }

        return ticks.Length - index;
    }
}
