using System.Globalization;

namespace Monitor.Core.Tests;

internal static class Time
{
    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    /// <summary>Invariant <c>[d.]hh:mm[:ss]</c>, e.g. <c>6:00:01</c> or <c>1.00:00</c>.</summary>
    public static TimeSpan Span(string text) => TimeSpan.Parse(text, CultureInfo.InvariantCulture);

    public static DateOnly Date(int year, int month, int day) => new(year, month, day);

    /// <summary>Equal within a millisecond: statistics interpolate in double precision.</summary>
    public static void AssertClose(TimeSpan expected, TimeSpan? actual)
    {
        Assert.NotNull(actual);
        Assert.True(
            (expected - actual.Value).Duration() <= TimeSpan.FromMilliseconds(1),
            $"Expected {expected}, got {actual}.");
    }
}
