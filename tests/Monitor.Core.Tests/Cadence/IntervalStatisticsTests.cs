using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Cadence;

public sealed class IntervalStatisticsTests
{
    private static readonly DateTimeOffset Baseline = Utc(2026, 1, 1);
    private static readonly DateTimeOffset FirstRebuild = Utc(2026, 1, 2);

    [Fact]
    public void Regular_weekly_rebuilds_have_a_seven_day_median_and_p90()
    {
        var rebuilds = Enumerable.Range(0, 6).Select(week => FirstRebuild + TimeSpan.FromDays(7 * week)).ToArray();
        var now = rebuilds[^1] + TimeSpan.FromDays(2);

        var summary = TagHistory.BaselineAt(Baseline).ChangesAt(rebuilds).SummariseAt(now);

        var intervals = summary.Intervals;
        Assert.NotNull(intervals);
        Assert.Equal(5, intervals.Count);
        Assert.Equal(TimeSpan.FromDays(7), intervals.Min);
        Assert.Equal(TimeSpan.FromDays(7), intervals.Median);
        Assert.Equal(TimeSpan.FromDays(7), intervals.Mean);
        Assert.Equal(TimeSpan.FromDays(7), intervals.P90);
        Assert.Equal(TimeSpan.FromDays(7), intervals.Max);
        Assert.Equal(rebuilds[^1], summary.LastRebuildAt);
        Assert.Equal(TimeSpan.FromDays(2), summary.LastRebuildAge);
        Assert.Equal(rebuilds[^1] + TimeSpan.FromDays(7), summary.NextRebuildExpectedAt);
    }

    /// <summary>
    /// Intervals in days, in the order they occur; expectations by hand with percentile_cont's rule:
    /// position p × (n − 1) in the sorted list, interpolating linearly between its neighbours.
    /// </summary>
    public static TheoryData<double[], double, double, double, double, double> Gaps => new()
    {
        // sorted 1 2 3 4 10: median = 3; mean = 20 / 5; p90 at 3.6 → 4 + 0.6 × (10 − 4)
        { [4, 1, 10, 2, 3], 1, 3, 4, 7.6, 10 },
        // sorted 2 4 6 8: median at 1.5 → 5; p90 at 2.7 → 6 + 0.7 × 2
        { [8, 2, 6, 4], 2, 5, 5, 7.4, 8 },
        // one interval is every statistic
        { [5], 5, 5, 5, 5, 5 },
        // nine 1s and an 11: median at 4.5 → 1; mean 20 / 10; p90 at 8.1 → 1 + 0.1 × (11 − 1)
        { [1, 1, 1, 1, 11, 1, 1, 1, 1, 1], 1, 1, 2, 2, 11 },
        // sorted 0.5 3: median 1.75; p90 at 0.9 → 0.5 + 0.9 × 2.5
        { [3, 0.5], 0.5, 1.75, 1.75, 2.75, 3 },
    };

    [Theory]
    [MemberData(nameof(Gaps))]
    public void Irregular_gaps_give_hand_computed_statistics(
        double[] gapDays, double min, double median, double mean, double p90, double max)
    {
        var rebuild = FirstRebuild;
        var rebuilds = new List<DateTimeOffset> { rebuild };
        foreach (var gap in gapDays)
        {
            rebuild += TimeSpan.FromDays(gap);
            rebuilds.Add(rebuild);
        }

        var intervals = TagHistory.BaselineAt(Baseline).ChangesAt(rebuilds).SummariseAt(rebuild).Intervals;

        Assert.NotNull(intervals);
        Assert.Equal(gapDays.Length, intervals.Count);
        AssertClose(TimeSpan.FromDays(min), intervals.Min);
        AssertClose(TimeSpan.FromDays(median), intervals.Median);
        AssertClose(TimeSpan.FromDays(mean), intervals.Mean);
        AssertClose(TimeSpan.FromDays(p90), intervals.P90);
        AssertClose(TimeSpan.FromDays(max), intervals.Max);
    }

    [Fact]
    public void Single_rebuild_leaves_interval_statistics_and_next_expected_unknown()
    {
        var summary = TagHistory.BaselineAt(Baseline).ChangeAt(FirstRebuild).SummariseAt(Utc(2026, 1, 10));

        Assert.Null(summary.Intervals);
        Assert.Null(summary.NextRebuildExpectedAt);
        Assert.Equal(FirstRebuild, summary.LastRebuildAt);
        Assert.Equal(TimeSpan.FromDays(8), summary.LastRebuildAge);
    }

    [Fact]
    public void Expected_next_rebuild_is_last_plus_median_even_when_overdue()
    {
        // Gaps 2, 4 and 9 days: median 4; the last rebuild was 20 days ago, so the expected one is past.
        var rebuilds = new[] { FirstRebuild, FirstRebuild.AddDays(2), FirstRebuild.AddDays(6), FirstRebuild.AddDays(15) };

        var summary = TagHistory.BaselineAt(Baseline).ChangesAt(rebuilds).SummariseAt(FirstRebuild.AddDays(35));

        Assert.Equal(FirstRebuild.AddDays(19), summary.NextRebuildExpectedAt);
    }
}
