namespace Monitor.Core.Cadence;

/// <summary>
/// Statistics of the intervals between consecutive rebuild events. Median and p90 interpolate linearly
/// like PostgreSQL's <c>percentile_cont</c>. Every statistic is a whole number of microseconds: event times come
/// from PostgreSQL at that resolution, and a summary stored as <c>interval</c> reads back exactly as computed.
/// </summary>
/// <param name="Count">Number of intervals (events − 1).</param>
/// <param name="Min">Shortest interval.</param>
/// <param name="Median">50th percentile.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="Max">Longest interval.</param>
public sealed record RebuildIntervals(
    int Count,
    TimeSpan Min,
    TimeSpan Median,
    TimeSpan Mean,
    TimeSpan P90,
    TimeSpan Max)
{
    /// <param name="events">Ordered by time.</param>
    /// <returns>Null with fewer than two events: no interval, no statistics.</returns>
    internal static RebuildIntervals? Between(IReadOnlyList<RebuildEvent> events)
    {
        if (events.Count < 2)
        {
            return null;
        }

        var ticks = new long[events.Count - 1];
        var totalTicks = 0L;
        for (var i = 1; i < events.Count; i++)
        {
            ticks[i - 1] = (events[i].Time - events[i - 1].Time).Ticks;
            totalTicks += ticks[i - 1];
        }

        Array.Sort(ticks);
        return new RebuildIntervals(
            Count: ticks.Length,
            Min: FromTicks(ticks[0]),
            Median: FromTicks(Percentile.Continuous(ticks, 0.5)),
            Mean: FromTicks((double)totalTicks / ticks.Length),
            P90: FromTicks(Percentile.Continuous(ticks, 0.9)),
            Max: FromTicks(ticks[^1]));
    }

    private static TimeSpan FromTicks(double ticks) =>
        TimeSpan.FromTicks((long)Math.Round(ticks / TimeSpan.TicksPerMicrosecond, MidpointRounding.AwayFromZero) * TimeSpan.TicksPerMicrosecond);
}
