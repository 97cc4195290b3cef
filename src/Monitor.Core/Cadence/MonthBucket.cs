using System.Globalization;

namespace Monitor.Core.Cadence;

/// <summary>Rebuild events in one calendar month (UTC dates).</summary>
/// <param name="Start">The first day of the month.</param>
/// <param name="Count">Rebuild events whose time falls in the month.</param>
public readonly record struct MonthBucket(DateOnly Start, int Count)
{
    /// <summary>E.g. <c>2026-02</c>.</summary>
    public string Label => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
