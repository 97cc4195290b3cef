using Monitor.Core.Cadence;
using Monitor.Data.Cadence;

namespace Monitor.Worker.Cadence;

/// <summary>
/// One tag in the cadence snapshot: its row, its time-independent cadence (buckets and event list dropped to keep
/// the fleet small in memory) and the rebuild times of the last 90 days, from which time-dependent numbers are
/// projected at any later moment.
/// </summary>
public sealed record TagCadence(StoredTag Tag, CadenceSummary Summary, int EventCount, DateTimeOffset[] RecentRebuilds)
{
    public static readonly TimeSpan RecentHorizon = TimeSpan.FromDays(90);

    /// <param name="now">The moment <paramref name="summary"/> was computed for.</param>
    public static TagCadence From(StoredTag tag, CadenceSummary summary, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var recent = summary.Events.Where(e => e.Time >= now - RecentHorizon).Select(e => e.Time).Order().ToArray();
        return new TagCadence(tag, summary with { Events = [], Weekly = [], Monthly = [] }, summary.Events.Count, recent);
    }

    public int RebuildsSince(DateTimeOffset since)
    {
        var index = Array.BinarySearch(RecentRebuilds, since);
        return RecentRebuilds.Length - (index >= 0 ? FirstAtOrAfter(index) : ~index);
    }

    private int FirstAtOrAfter(int index)
    {
        while (index > 0 && RecentRebuilds[index - 1] == RecentRebuilds[index])
        {
            index--;
        }

        return index;
    }
}
