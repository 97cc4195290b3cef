using Monitor.Core.Cadence;
using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Cadence;

public sealed class BucketTests
{
    [Fact]
    public void Regular_weekly_rebuilds_put_one_event_in_every_week()
    {
        // Monday 2026-01-05 is the start of 2026-W02 (2026-W01 began on Monday 2025-12-29).
        var rebuilds = Enumerable.Range(0, 6).Select(week => Utc(2026, 1, 5, 12) + TimeSpan.FromDays(7 * week));

        var summary = TagHistory.BaselineAt(Utc(2026, 1, 5, 9)).ChangesAt(rebuilds).SummariseAt(Utc(2026, 2, 11));

        Assert.Equal(
            [("2026-W02", 1), ("2026-W03", 1), ("2026-W04", 1), ("2026-W05", 1), ("2026-W06", 1), ("2026-W07", 1)],
            summary.Weekly.Select(bucket => (bucket.Label, bucket.Count)));
        Assert.Equal(
            [Date(2026, 1, 5), Date(2026, 1, 12), Date(2026, 1, 19), Date(2026, 1, 26), Date(2026, 2, 2), Date(2026, 2, 9)],
            summary.Weekly.Select(bucket => bucket.Start));
        Assert.Equal([("2026-01", 4), ("2026-02", 2)], summary.Monthly.Select(bucket => (bucket.Label, bucket.Count)));
    }

    [Fact]
    public void Weekly_buckets_are_gap_filled_with_zeros_from_baseline_to_now()
    {
        var summary = TagHistory.BaselineAt(Utc(2026, 1, 5))
            .ChangesAt([Utc(2026, 1, 7), Utc(2026, 1, 28)])
            .SummariseAt(Utc(2026, 2, 18));

        Assert.Equal(
            [("2026-W02", 1), ("2026-W03", 0), ("2026-W04", 0), ("2026-W05", 1), ("2026-W06", 0), ("2026-W07", 0), ("2026-W08", 0)],
            summary.Weekly.Select(bucket => (bucket.Label, bucket.Count)));
        Assert.Equal([("2026-01", 2), ("2026-02", 0)], summary.Monthly.Select(bucket => (bucket.Label, bucket.Count)));
    }

    [Fact]
    public void Baseline_only_history_has_zero_buckets_up_to_now()
    {
        var summary = TagHistory.BaselineAt(Utc(2026, 1, 28)).SummariseAt(Utc(2026, 2, 3));

        Assert.Equal([("2026-W05", 0), ("2026-W06", 0)], summary.Weekly.Select(bucket => (bucket.Label, bucket.Count)));
        Assert.Equal([("2026-01", 0), ("2026-02", 0)], summary.Monthly.Select(bucket => (bucket.Label, bucket.Count)));
    }

    [Fact]
    public void Week_53_and_the_iso_year_boundary_are_bucketed_by_iso_week()
    {
        // 2026 starts and ends on a Thursday, so it has 53 ISO weeks: W53 runs Mon 2026-12-28 to Sun 2027-01-03.
        var summary = TagHistory.BaselineAt(Utc(2026, 12, 20))
            .ChangesAt([Utc(2026, 12, 29), Utc(2027, 1, 2), Utc(2027, 1, 5)])
            .SummariseAt(Utc(2027, 1, 6));

        Assert.Equal(
            [
                (Date(2026, 12, 14), "2026-W51", 0),
                (Date(2026, 12, 21), "2026-W52", 0),
                (Date(2026, 12, 28), "2026-W53", 2),
                (Date(2027, 1, 4), "2027-W01", 1),
            ],
            summary.Weekly.Select(bucket => (bucket.Start, bucket.Label, bucket.Count)));
        Assert.Equal([("2026-12", 1), ("2027-01", 2)], summary.Monthly.Select(bucket => (bucket.Label, bucket.Count)));
    }

    [Fact]
    public void Last_days_of_december_can_belong_to_week_1_of_the_next_iso_year()
    {
        var summary = TagHistory.BaselineAt(Utc(2024, 12, 25))
            .ChangeAt(Utc(2024, 12, 31))
            .SummariseAt(Utc(2025, 1, 8));

        Assert.Equal(
            [(Date(2024, 12, 23), "2024-W52", 0), (Date(2024, 12, 30), "2025-W01", 1), (Date(2025, 1, 6), "2025-W02", 0)],
            summary.Weekly.Select(bucket => (bucket.Start, bucket.Label, bucket.Count)));
        Assert.Equal([("2024-12", 1), ("2025-01", 0)], summary.Monthly.Select(bucket => (bucket.Label, bucket.Count)));
    }

    [Theory]
    [InlineData(2026, 2, 9, "2026-W07")]
    [InlineData(2025, 12, 29, "2026-W01")]
    [InlineData(2024, 12, 30, "2025-W01")]
    [InlineData(2019, 12, 30, "2020-W01")]
    [InlineData(2020, 12, 28, "2020-W53")]
    [InlineData(2021, 1, 4, "2021-W01")]
    [InlineData(2009, 12, 28, "2009-W53")]
    public void Week_label_is_the_iso_week_year_and_number(int year, int month, int monday, string expected)
    {
        Assert.Equal(expected, new IsoWeekBucket(Date(year, month, monday), 0).Label);
    }

    [Fact]
    public void Buckets_use_utc_dates()
    {
        // Sunday 23:30 at UTC−2 is Monday 01:30 UTC; 31 January 23:00 at UTC−5 is 1 February 04:00 UTC.
        var summary = TagHistory.BaselineAt(Utc(2026, 1, 5))
            .ChangesAt([
                new DateTimeOffset(2026, 1, 11, 23, 30, 0, TimeSpan.FromHours(-2)),
                new DateTimeOffset(2026, 1, 31, 23, 0, 0, TimeSpan.FromHours(-5)),
            ])
            .SummariseAt(Utc(2026, 2, 3));

        Assert.Equal(
            [("2026-W02", 0), ("2026-W03", 1), ("2026-W04", 0), ("2026-W05", 1), ("2026-W06", 0)],
            summary.Weekly.Select(bucket => (bucket.Label, bucket.Count)));
        Assert.Equal([("2026-01", 1), ("2026-02", 1)], summary.Monthly.Select(bucket => (bucket.Label, bucket.Count)));
    }

    [Fact]
    public void Month_buckets_are_gap_filled_across_the_year_end()
    {
        var summary = TagHistory.BaselineAt(Utc(2025, 11, 15))
            .ChangesAt([Utc(2025, 11, 20), Utc(2026, 2, 1)])
            .SummariseAt(Utc(2026, 3, 10));

        Assert.Equal(
            [
                (Date(2025, 11, 1), "2025-11", 1),
                (Date(2025, 12, 1), "2025-12", 0),
                (Date(2026, 1, 1), "2026-01", 0),
                (Date(2026, 2, 1), "2026-02", 1),
                (Date(2026, 3, 1), "2026-03", 0),
            ],
            summary.Monthly.Select(bucket => (bucket.Start, bucket.Label, bucket.Count)));
    }
}
