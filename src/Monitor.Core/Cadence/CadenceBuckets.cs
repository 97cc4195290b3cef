namespace Monitor.Core.Cadence;

/// <summary>
/// Counts events per ISO week and per calendar month over a date range, every bucket present (gap-filled
/// with zeros), like <c>generate_series</c> over <c>date_trunc(..., time AT TIME ZONE 'UTC')</c>.
/// </summary>
internal static class CadenceBuckets
{
    public static IsoWeekBucket[] Weekly(IReadOnlyList<RebuildEvent> events, DateOnly from, DateOnly to)
    {
        var firstMonday = IsoWeekStart(from);
        var counts = new int[((IsoWeekStart(to).DayNumber - firstMonday.DayNumber) / 7) + 1];
        for (var i = 0; i < events.Count; i++)
        {
            counts[(IsoWeekStart(UtcDate(events[i].Time)).DayNumber - firstMonday.DayNumber) / 7]++;
        }

        var buckets = new IsoWeekBucket[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            buckets[i] = new IsoWeekBucket(firstMonday.AddDays(7 * i), counts[i]);
        }

        return buckets;
    }

    public static MonthBucket[] Monthly(IReadOnlyList<RebuildEvent> events, DateOnly from, DateOnly to)
    {
        var firstMonth = MonthNumber(from);
        var counts = new int[MonthNumber(to) - firstMonth + 1];
        for (var i = 0; i < events.Count; i++)
        {
            counts[MonthNumber(UtcDate(events[i].Time)) - firstMonth]++;
        }

        var firstDay = new DateOnly(from.Year, from.Month, 1);
        var buckets = new MonthBucket[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            buckets[i] = new MonthBucket(firstDay.AddMonths(i), counts[i]);
        }

        return buckets;
    }

    public static DateOnly UtcDate(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    private static DateOnly IsoWeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    private static int MonthNumber(DateOnly date) => (date.Year * 12) + date.Month - 1;
}
