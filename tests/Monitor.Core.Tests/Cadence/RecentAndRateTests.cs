using Monitor.Core.Cadence;
using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Cadence;

public sealed class RecentAndRateTests
{
    private static readonly DateTimeOffset Now = Utc(2026, 6, 1, 12);

    [Theory]
    [InlineData("0:00", 1, 1, 1)]
    [InlineData("7.00:00:00", 1, 1, 1)]
    [InlineData("7.00:00:01", 0, 1, 1)]
    [InlineData("30.00:00:00", 0, 1, 1)]
    [InlineData("30.00:00:01", 0, 0, 1)]
    [InlineData("90.00:00:00", 0, 0, 1)]
    [InlineData("90.00:00:01", 0, 0, 0)]
    public void Trailing_windows_include_an_event_exactly_at_their_start(string eventAge, int last7, int last30, int last90)
    {
        var summary = TagHistory.BaselineAt(Now - TimeSpan.FromDays(200))
            .ChangeAt(Now - Span(eventAge))
            .SummariseAt(Now);

        Assert.Equal(new RecentRebuildCounts(last7, last30, last90), summary.Recent);
    }

    [Fact]
    public void Trailing_windows_count_every_event_inside_them()
    {
        var ages = new[] { 91, 90, 31, 30, 8, 7, 1 }.Select(days => Now - TimeSpan.FromDays(days));

        var summary = TagHistory.BaselineAt(Now - TimeSpan.FromDays(100)).ChangesAt(ages).SummariseAt(Now);

        Assert.Equal(new RecentRebuildCounts(Last7Days: 2, Last30Days: 4, Last90Days: 6), summary.Recent);
    }

    [Fact]
    public void Rebuild_rates_are_averaged_over_the_observed_span()
    {
        // Ten rebuilds in 70 days: 1 per week; per mean month of 30.436875 days: 10 × 30.436875 / 70.
        var baseline = Now - TimeSpan.FromDays(70);
        var rebuilds = Enumerable.Range(1, 10).Select(week => baseline + TimeSpan.FromDays((7 * week) - 3));

        var summary = TagHistory.BaselineAt(baseline).ChangesAt(rebuilds).SummariseAt(Now);

        Assert.Equal(TimeSpan.FromDays(70), summary.ObservedSpan);
        Assert.Equal(1.0, summary.RebuildsPerWeek!.Value, precision: 9);
        Assert.Equal(4.348125, summary.RebuildsPerMonth!.Value, precision: 9);
    }

    [Fact]
    public void Rates_are_unknown_when_now_is_not_after_the_baseline()
    {
        var summary = TagHistory.BaselineAt(Now).SummariseAt(Now);

        Assert.Null(summary.RebuildsPerWeek);
        Assert.Null(summary.RebuildsPerMonth);
        Assert.Equal(TimeSpan.Zero, summary.ObservedSpan);
    }
}
