using System.Globalization;

namespace Monitor.Core.Reading;

/// <summary>How a span is written for people wherever Monitor explains itself (the status explanation, the web page).</summary>
public static class DurationText
{
    /// <summary>41 d, 10.5 d, 5 h, 12 min, 30 s: one unit, at most one decimal.</summary>
    public static string Format(TimeSpan span)
    {
        var (value, unit) = Math.Abs(span.TotalDays) >= 1 ? (span.TotalDays, "d")
            : Math.Abs(span.TotalHours) >= 1 ? (span.TotalHours, "h")
            : Math.Abs(span.TotalMinutes) >= 1 ? (span.TotalMinutes, "min")
            : (span.TotalSeconds, "s");
        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {unit}");
    }
}
