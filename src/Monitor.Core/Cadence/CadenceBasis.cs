namespace Monitor.Core.Cadence;

/// <summary>
/// The part of a tag's cadence that does not depend on the moment it is read: what the calculator makes of a history,
/// what a summary keeps when it is stored and what the fleet snapshot holds. Every time-dependent number (age, rebuilds
/// in the last 7/30/90 days, rates, staleness) is read from it for a moment (<see cref="Reading.TagCadenceReading"/>),
/// so it stays valid until the tag's history changes.
/// </summary>
/// <param name="EventCount">Rebuild events in the whole history.</param>
/// <param name="ObservedSince">Start of the history: the baseline's first sighting, or an earlier event time. Null without history.</param>
/// <param name="LastRebuildAt">Time of the newest rebuild event; null with none.</param>
/// <param name="AgeMeasuredFrom">
/// What the tag's age counts from: the last rebuild event, or, when there is none, the baseline's build time (push time
/// when known, else the image config's <c>created</c>, else first sighting: then a lower bound of the image's age). Null
/// without history.
/// </param>
/// <param name="AgeSource">What kind of time <paramref name="AgeMeasuredFrom"/> is; null without history.</param>
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
    AgeSource? AgeSource,
    RebuildIntervals? Intervals,
    long[] RecentRebuildTicks)
{
    /// <summary>The longest trailing window the basis can count events in.</summary>
    public static readonly TimeSpan RecentHorizon = TimeSpan.FromDays(90);

    private const double DaysPerWeek = 7;
    private const double DaysPerMonth = 365.2425 / 12;

    public static CadenceBasis Empty { get; } = new(0, null, null, null, null, null, []);

    /// <summary>Last rebuild plus the median interval; null with fewer than two events. May be in the past (overdue).</summary>
    public DateTimeOffset? NextRebuildExpectedAt => LastRebuildAt + Intervals?.Median;

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

    /// <summary>Rebuild events whose time is at or after <paramref name="now"/> minus 7, 30 and 90 days.</summary>
    public RecentRebuildCounts RecentAt(DateTimeOffset now) =>
        new(RebuildsSince(now - TimeSpan.FromDays(7)), RebuildsSince(now - TimeSpan.FromDays(30)), RebuildsSince(now - RecentHorizon));

    /// <summary>Events per week and per mean Gregorian month (30.436875 days) of the span observed until <paramref name="now"/>; null without a positive span.</summary>
    public (double? PerWeek, double? PerMonth) RatesAt(DateTimeOffset now) =>
        now - ObservedSince is { } span && span > TimeSpan.Zero
            ? (EventCount / (span.TotalDays / DaysPerWeek), EventCount / (span.TotalDays / DaysPerMonth))
            : (null, null);

    /// <param name="events">Ordered by time.</param>
    /// <param name="reference">The revision the age counts from when there is no event (the baseline); null when there is none.</param>
    internal static CadenceBasis Of(RebuildEvent[] events, DateTimeOffset observedSince, RevisionObservation? reference)
    {
        if (events.Length == 0)
        {
            var built = reference?.BuildTime;
            return new CadenceBasis(0, observedSince, null, built?.Time, built?.Source, null, []);
        }

        var last = events[^1];
        var horizon = last.Time - RecentHorizon;
        var first = Array.FindIndex(events, rebuild => rebuild.Time >= horizon);
        var recent = new long[events.Length - first];
        for (var i = 0; i < recent.Length; i++)
        {
            recent[i] = events[first + i].Time.UtcTicks;
        }

        var ageSource = last.TimeSource == EventTimeSource.Pushed ? Cadence.AgeSource.Pushed : Cadence.AgeSource.FirstSeen;
        return new CadenceBasis(events.Length, observedSince, last.Time, last.Time, ageSource, RebuildIntervals.Between(events), recent);
    }
}
