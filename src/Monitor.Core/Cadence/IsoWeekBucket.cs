using System.Globalization;

namespace Monitor.Core.Cadence;

/// <summary>Rebuild events in one ISO 8601 week (Monday to Sunday, UTC dates).</summary>
/// <param name="Start">The week's Monday.</param>
/// <param name="Count">Rebuild events whose time falls in the week.</param>
public readonly record struct IsoWeekBucket(DateOnly Start, int Count)
{
    /// <summary>ISO week-year and week, e.g. <c>2026-W07</c>; 2024-12-30 belongs to <c>2025-W01</c>.</summary>
    public string Label
    {
        get
        {
            var day = Start.ToDateTime(TimeOnly.MinValue);
            return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):D2}");
        }
    }
}
