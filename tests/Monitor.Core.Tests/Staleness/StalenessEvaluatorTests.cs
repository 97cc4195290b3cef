using Monitor.Core.Cadence;
using Monitor.Core.Staleness;
using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Staleness;

public sealed class StalenessEvaluatorTests
{
    private static readonly DateTimeOffset Now = Utc(2026, 9, 1);

    /// <summary>Five rebuilds a fixed interval apart, the last one <paramref name="lastRebuildAge"/> before now.</summary>
    private static CadenceBasis RegularRebuilds(TimeSpan interval, TimeSpan lastRebuildAge)
    {
        var last = Now - lastRebuildAge;
        var rebuilds = Enumerable.Range(0, 5).Select(step => last - (interval * (4 - step)));
        return TagHistory.BaselineAt(last - (interval * 5)).ChangesAt(rebuilds).SummariseAt(Now).Basis;
    }

    private static StalenessAssessment Evaluate(CadenceBasis summary, StalenessPolicy? policy = null, bool isMissing = false) =>
        StalenessEvaluator.Evaluate(summary, isMissing, policy ?? StalenessPolicy.Default, Now);

    [Theory]
    [InlineData("1.00:00", StalenessStatus.Fresh)]
    [InlineData("10.12:00:00", StalenessStatus.Fresh)]
    [InlineData("10.12:00:01", StalenessStatus.Due)]
    [InlineData("21.00:00:00", StalenessStatus.Due)]
    [InlineData("21.00:00:01", StalenessStatus.Stale)]
    [InlineData("29.00:00", StalenessStatus.Stale)]
    public void Weekly_cadence_goes_fresh_then_due_after_one_and_a_half_weeks_then_stale_after_three(
        string lastRebuildAge, StalenessStatus expected)
    {
        // Median 7 d under the defaults: due beyond 1.5 × 7 = 10.5 d, stale beyond min(30 d, 3 × 7 d) = 21 d.
        var assessment = Evaluate(RegularRebuilds(TimeSpan.FromDays(7), Span(lastRebuildAge)));

        Assert.Equal(expected, assessment.Status);
        Assert.Equal(Span(lastRebuildAge), assessment.Age);
        Assert.Equal(TimeSpan.FromDays(21), assessment.StaleAfter);
        Assert.Equal(StaleAfterRule.MedianInterval, assessment.StaleAfterRule);
        Assert.Equal(TimeSpan.FromDays(10.5), assessment.DueAfter);
    }

    [Theory]
    [InlineData(20, StalenessStatus.Fresh)]
    [InlineData(25, StalenessStatus.Due)]
    [InlineData(30, StalenessStatus.Due)]
    [InlineData(31, StalenessStatus.Stale)]
    public void Max_age_caps_the_median_rule_for_slow_cadences(int lastRebuildDaysAgo, StalenessStatus expected)
    {
        // Median 14 d: 3 × 14 = 42 d is beyond the 30 d max age, which therefore applies; due beyond 21 d.
        var assessment = Evaluate(RegularRebuilds(TimeSpan.FromDays(14), TimeSpan.FromDays(lastRebuildDaysAgo)));

        Assert.Equal(expected, assessment.Status);
        Assert.Equal(TimeSpan.FromDays(30), assessment.StaleAfter);
        Assert.Equal(StaleAfterRule.MaxAge, assessment.StaleAfterRule);
        Assert.Equal(TimeSpan.FromDays(21), assessment.DueAfter);
    }

    [Theory]
    [InlineData("1.00:00", StalenessStatus.Fresh)]
    [InlineData("30.00:00:00", StalenessStatus.Fresh)]
    [InlineData("30.00:00:01", StalenessStatus.Stale)]
    public void Single_rebuild_is_judged_by_max_age_alone(string lastRebuildAge, StalenessStatus expected)
    {
        var summary = TagHistory.BaselineAt(Now - TimeSpan.FromDays(60)).ChangeAt(Now - Span(lastRebuildAge)).SummariseAt(Now).Basis;

        var assessment = Evaluate(summary);

        Assert.Equal(expected, assessment.Status);
        Assert.Null(assessment.DueAfter);
        Assert.Equal(TimeSpan.FromDays(30), assessment.StaleAfter);
        Assert.Equal(StaleAfterRule.MaxAge, assessment.StaleAfterRule);
    }

    [Theory]
    [InlineData(10, StalenessStatus.Fresh)]
    [InlineData(45, StalenessStatus.Stale)]
    public void Tag_that_never_changed_is_as_old_as_its_baseline(int baselineDaysAgo, StalenessStatus expected)
    {
        var summary = TagHistory.BaselineAt(Now - TimeSpan.FromDays(baselineDaysAgo)).SummariseAt(Now).Basis;

        var assessment = Evaluate(summary);

        Assert.Equal(expected, assessment.Status);
        Assert.Equal(TimeSpan.FromDays(baselineDaysAgo), assessment.Age);
    }

    [Fact]
    public void Baseline_push_time_when_known_is_the_age_of_an_unchanged_tag()
    {
        var summary = TagHistory.BaselineAt(Now - TimeSpan.FromDays(10), pushedAt: Now - TimeSpan.FromDays(40)).SummariseAt(Now).Basis;

        var assessment = Evaluate(summary);

        Assert.Equal(StalenessStatus.Stale, assessment.Status);
        Assert.Equal(TimeSpan.FromDays(40), assessment.Age);
    }

    [Fact]
    public void No_history_is_unknown()
    {
        var assessment = Evaluate(TagHistory.None.SummariseAt(Now).Basis);

        Assert.Equal(StalenessStatus.Unknown, assessment.Status);
        Assert.Null(assessment.Age);
        Assert.Equal(TimeSpan.FromDays(30), assessment.StaleAfter);
    }

    public static TheoryData<string, CadenceBasis> Histories => new()
    {
        { "no history", TagHistory.None.SummariseAt(Now).Basis },
        { "fresh weekly cadence", RegularRebuilds(TimeSpan.FromDays(7), TimeSpan.FromDays(1)) },
        { "stale baseline", TagHistory.BaselineAt(Now - TimeSpan.FromDays(90)).SummariseAt(Now).Basis },
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void Missing_tag_is_missing_whatever_its_history(string history, CadenceBasis summary)
    {
        Assert.True(Evaluate(summary, isMissing: true).Status == StalenessStatus.Missing, history);
    }

    public static TheoryData<double?, double?, double?, int, StalenessStatus, double> Overrides => new()
    {
        // max age days, k, due factor | age in days | expected status, stale-after days (weekly median)
        { null, null, null, 12, StalenessStatus.Due, 21 },
        { 7, null, null, 8, StalenessStatus.Stale, 7 },
        { null, 2, null, 15, StalenessStatus.Stale, 14 },
        { null, 2, null, 13, StalenessStatus.Due, 14 },
        { null, null, 2, 12, StalenessStatus.Fresh, 21 },
        { null, null, 2, 15, StalenessStatus.Due, 21 },
        { 60, 5, null, 34, StalenessStatus.Due, 35 },
        { 60, 5, null, 36, StalenessStatus.Stale, 35 },
    };

    [Theory]
    [MemberData(nameof(Overrides))]
    public void Per_watch_overrides_replace_only_the_defaults_they_set(
        double? maxAgeDays, double? staleFactor, double? dueFactor, int lastRebuildDaysAgo, StalenessStatus expected, double staleAfterDays)
    {
        var overrides = new StalenessPolicyOverrides(
            MaxAge: maxAgeDays is { } days ? TimeSpan.FromDays(days) : null,
            StaleFactor: staleFactor,
            DueFactor: dueFactor);

        var assessment = Evaluate(
            RegularRebuilds(TimeSpan.FromDays(7), TimeSpan.FromDays(lastRebuildDaysAgo)),
            StalenessPolicy.Default.WithOverrides(overrides));

        Assert.Equal(expected, assessment.Status);
        Assert.Equal(TimeSpan.FromDays(staleAfterDays), assessment.StaleAfter);
    }

    [Fact]
    public void Staleness_is_judged_at_the_now_given_to_the_evaluator()
    {
        var summary = RegularRebuilds(TimeSpan.FromDays(7), TimeSpan.FromDays(1));

        var later = StalenessEvaluator.Evaluate(summary, isMissing: false, StalenessPolicy.Default, Now + TimeSpan.FromDays(21));

        Assert.Equal(StalenessStatus.Stale, later.Status);
        Assert.Equal(TimeSpan.FromDays(22), later.Age);
    }
}
