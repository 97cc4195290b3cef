namespace Monitor.Core.Cadence;

/// <summary>Rebuild events whose time is at or after now minus 7, 30 and 90 days.</summary>
public readonly record struct RecentRebuildCounts(int Last7Days, int Last30Days, int Last90Days)
{
    internal static RecentRebuildCounts Count(IReadOnlyList<RebuildEvent> events, DateTimeOffset now)
    {
        int last7 = 0, last30 = 0, last90 = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var age = now - events[i].Time;
            last7 += age <= TimeSpan.FromDays(7) ? 1 : 0;
            last30 += age <= TimeSpan.FromDays(30) ? 1 : 0;
            last90 += age <= TimeSpan.FromDays(90) ? 1 : 0;
        }

        return new RecentRebuildCounts(last7, last30, last90);
    }
}
