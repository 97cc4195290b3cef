using Monitor.Core.Cadence;
using Monitor.Core.History;
using Monitor.Core.Reading;
using Monitor.Core.Staleness;
using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Reading;

/// <summary>The one read model: every number and the reason for the status, from a tag's basis, a moment and a policy.</summary>
public sealed class TagCadenceReadingTests
{
    private static readonly DateTimeOffset Now = Utc(2026, 9, 1);

    /// <summary>A baseline, then five weekly rebuilds (median 7 d), the last one <paramref name="lastRebuildAge"/> before now.</summary>
    private static CadenceBasis Weekly(TimeSpan lastRebuildAge, bool pushed = false)
    {
        var last = Now - lastRebuildAge;
        var history = TagHistory.BaselineAt(last - TimeSpan.FromDays(35));
        for (var step = 4; step >= 0; step--)
        {
            var at = last - TimeSpan.FromDays(7 * step);
            history.ChangeAt(at + TimeSpan.FromMinutes(pushed ? 10 : 0), pushedAt: pushed ? at : null);
        }

        return CadenceCalculator.Basis(history.Revisions);
    }

    private static TagCadenceReading Read(CadenceBasis basis, StalenessPolicyOverrides? overrides = null, PollStatus poll = PollStatus.Ok, DateTimeOffset? at = null) =>
        TagCadenceReading.Of(basis, at ?? Now, StalenessPolicy.Default, overrides, poll);

    [Fact]
    public void No_history_is_unknown_with_nothing_measured()
    {
        var reading = Read(CadenceBasis.Empty, poll: PollStatus.Pending);

        Assert.Equal(StalenessStatus.Unknown, reading.Status);
        Assert.Equal("unknown: no digest seen yet", reading.Explanation);
        Assert.Equal((null, null, null, null), (reading.Age, reading.AgeMeasuredFrom, reading.AgeSource, reading.Reason.Limit));
        Assert.Equal((0, (DateTimeOffset?)null, (DateTimeOffset?)null), (reading.RebuildEvents, reading.LastRebuildAt, reading.NextRebuildDue));
        Assert.Equal(new RecentRebuildCounts(0, 0, 0), reading.Recent);
        Assert.Equal(((double?)null, (double?)null, (TimeSpan?)null), (reading.RebuildsPerWeek, reading.RebuildsPerMonth, reading.ObservedSpan));
        Assert.Equal((TimeSpan.FromDays(30), StaleAfterRule.MaxAge, (TimeSpan?)null), (reading.StaleAfter, reading.StaleAfterRule, reading.DueAfter));
    }

    [Fact]
    public void A_tag_the_registry_no_longer_has_is_missing_whatever_its_cadence()
    {
        var reading = Read(Weekly(TimeSpan.FromDays(1)), poll: PollStatus.Missing);

        Assert.Equal(StalenessStatus.Missing, reading.Status);
        Assert.Equal("missing: the registry answers 404", reading.Explanation);
        Assert.Equal(TimeSpan.FromDays(1), reading.Age);
        Assert.Null(reading.Reason.Limit);
        Assert.Equal(StalenessStatus.Missing, Read(CadenceBasis.Empty, poll: PollStatus.Missing).Status);
    }

    [Theory]
    [InlineData(PollStatus.Pending)]
    [InlineData(PollStatus.Ok)]
    [InlineData(PollStatus.Failing)]
    public void Only_a_missing_poll_makes_a_tag_missing(PollStatus poll) =>
        Assert.Equal(StalenessStatus.Fresh, Read(Weekly(TimeSpan.FromDays(1)), poll: poll).Status);

    // Median 7 d under the defaults: due beyond 1.5 × 7 = 10.5 d, stale beyond min(30 d, 3 × 7 d) = 21 d; exactly at a limit is the milder state.
    [Theory]
    [InlineData("1.00:00:00", StalenessStatus.Fresh, "fresh: 1 d since the last rebuild ≤ 1.5 × median 7 d")]
    [InlineData("10.12:00:00", StalenessStatus.Fresh, "fresh: 10.5 d since the last rebuild ≤ 1.5 × median 7 d")]
    [InlineData("10.12:00:01", StalenessStatus.Due, "due: 10.5 d since the last rebuild > 1.5 × median 7 d")]
    [InlineData("21.00:00:00", StalenessStatus.Due, "due: 21 d since the last rebuild > 1.5 × median 7 d")]
    [InlineData("21.00:00:01", StalenessStatus.Stale, "stale: 21 d since the last rebuild > 3 × median 7 d")]
    [InlineData("41.00:00:00", StalenessStatus.Stale, "stale: 41 d since the last rebuild > 3 × median 7 d")]
    public void Weekly_cadence_is_fresh_due_then_stale_and_says_which_limit_decided(string age, StalenessStatus status, string explanation)
    {
        var reading = Read(Weekly(Span(age)));

        Assert.Equal(status, reading.Status);
        Assert.Equal(explanation, reading.Explanation);
        Assert.Equal(Span(age), reading.Age);
        Assert.Equal((TimeSpan.FromDays(21), StaleAfterRule.MedianInterval, TimeSpan.FromDays(10.5)), (reading.StaleAfter, reading.StaleAfterRule, reading.DueAfter));
    }

    [Fact]
    public void The_reason_is_data_the_age_and_the_limit_it_was_compared_with()
    {
        var due = Read(Weekly(TimeSpan.FromDays(12))).Reason;
        var stale = Read(Weekly(TimeSpan.FromDays(22))).Reason;
        var fresh = Read(Weekly(TimeSpan.FromDays(2))).Reason;

        Assert.Equal(new StalenessReason(StalenessStatus.Due, TimeSpan.FromDays(12), true, AgeSource.FirstSeen,
            new StalenessLimit(StalenessLimitKind.DueFactor, TimeSpan.FromDays(10.5), 1.5, TimeSpan.FromDays(7))), due);
        Assert.Equal(new StalenessLimit(StalenessLimitKind.StaleFactor, TimeSpan.FromDays(21), 3, TimeSpan.FromDays(7)), stale.Limit);
        Assert.Equal(StalenessLimitKind.DueFactor, fresh.Limit?.Kind);
    }

    [Fact]
    public void A_slow_cadence_is_capped_by_the_max_age_and_fresh_names_the_nearer_limit()
    {
        // Rebuilt on days 0, 25 and 50: median 25 d, so due after 37.5 d but stale after the 30-day max age already.
        var history = TagHistory.BaselineAt(Now - TimeSpan.FromDays(90)).ChangesAt([Now - TimeSpan.FromDays(72), Now - TimeSpan.FromDays(47), Now - TimeSpan.FromDays(22)]);

        var fresh = Read(CadenceCalculator.Basis(history.Revisions));
        var stale = Read(CadenceCalculator.Basis(history.Revisions), at: Now + TimeSpan.FromDays(9));

        Assert.Equal("fresh: 22 d since the last rebuild ≤ max age 30 d", fresh.Explanation);
        Assert.Equal("stale: 31 d since the last rebuild > max age 30 d", stale.Explanation);
        Assert.Equal(new StalenessLimit(StalenessLimitKind.MaxAge, TimeSpan.FromDays(30), null, null), stale.Reason.Limit);
    }

    [Fact]
    public void Without_a_rebuild_the_age_counts_from_the_baseline_and_says_what_kind_of_time_that_is()
    {
        var firstSeen = Read(CadenceCalculator.Basis(TagHistory.BaselineAt(Now - TimeSpan.FromDays(45)).Revisions));
        var pushed = Read(CadenceCalculator.Basis(TagHistory.BaselineAt(Now - TimeSpan.FromDays(5), pushedAt: Now - TimeSpan.FromDays(41)).Revisions));

        Assert.Equal((AgeSource.FirstSeen, Now - TimeSpan.FromDays(45)), (firstSeen.AgeSource, firstSeen.AgeMeasuredFrom!.Value));
        Assert.Equal("stale: 45 d since first seen > max age 30 d", firstSeen.Explanation);
        Assert.Equal((AgeSource.Pushed, TimeSpan.FromDays(41)), (pushed.AgeSource, pushed.Age!.Value));
        Assert.Equal("stale: 41 d since it was pushed > max age 30 d", pushed.Explanation);
        Assert.False(pushed.Reason.SinceLastRebuild);
    }

    [Fact]
    public void An_image_built_400_days_ago_is_stale_on_its_first_sighting_and_a_fresh_one_is_fresh()
    {
        var old = Read(CadenceCalculator.Basis(TagHistory.BaselineAt(Now, imageCreatedAt: Now - TimeSpan.FromDays(400)).Revisions));
        var fresh = Read(CadenceCalculator.Basis(TagHistory.BaselineAt(Now, imageCreatedAt: Now - TimeSpan.FromDays(2)).Revisions));

        Assert.Equal((StalenessStatus.Stale, AgeSource.Created, TimeSpan.FromDays(400)), (old.Status, old.AgeSource, old.Age!.Value));
        Assert.Equal("stale: 400 d since it was built > max age 30 d", old.Explanation);
        Assert.Equal((StalenessStatus.Fresh, AgeSource.Created, Now - TimeSpan.FromDays(2)), (fresh.Status, fresh.AgeSource, fresh.AgeMeasuredFrom!.Value));
        Assert.Equal("fresh: 2 d since it was built ≤ max age 30 d", fresh.Explanation);
    }

    [Fact]
    public void A_push_time_beats_the_build_time_and_a_build_time_after_the_first_sighting_is_not_believed()
    {
        var pushed = Read(CadenceCalculator.Basis(
            TagHistory.BaselineAt(Now, pushedAt: Now - TimeSpan.FromDays(3), imageCreatedAt: Now - TimeSpan.FromDays(400)).Revisions));
        var builtLater = Read(CadenceCalculator.Basis(TagHistory.BaselineAt(Now - TimeSpan.FromDays(1), imageCreatedAt: Now).Revisions));
        var builtAtSighting = Read(CadenceCalculator.Basis(TagHistory.BaselineAt(Now - TimeSpan.FromDays(1), imageCreatedAt: Now - TimeSpan.FromDays(1)).Revisions));

        Assert.Equal((AgeSource.Pushed, TimeSpan.FromDays(3)), (pushed.AgeSource, pushed.Age!.Value));
        Assert.Equal((AgeSource.FirstSeen, TimeSpan.FromDays(1)), (builtLater.AgeSource, builtLater.Age!.Value));
        Assert.Equal((AgeSource.Created, TimeSpan.FromDays(1)), (builtAtSighting.AgeSource, builtAtSighting.Age!.Value));
    }

    [Fact]
    public void After_a_rebuild_the_age_counts_from_the_rebuild_not_from_the_baselines_build_time()
    {
        var history = TagHistory.BaselineAt(Now - TimeSpan.FromDays(10), imageCreatedAt: Now - TimeSpan.FromDays(400))
            .ChangeAt(Now - TimeSpan.FromDays(4));

        var reading = Read(CadenceCalculator.Basis(history.Revisions));

        Assert.Equal((AgeSource.FirstSeen, TimeSpan.FromDays(4), StalenessStatus.Fresh), (reading.AgeSource, reading.Age!.Value, reading.Status));
        Assert.True(reading.Reason.SinceLastRebuild);
    }

    [Fact]
    public void After_a_rebuild_the_age_source_is_the_rebuilds_time_source()
    {
        Assert.Equal(AgeSource.Pushed, Read(Weekly(TimeSpan.FromDays(1), pushed: true)).AgeSource);
        Assert.Equal(AgeSource.FirstSeen, Read(Weekly(TimeSpan.FromDays(1))).AgeSource);
        Assert.True(Read(Weekly(TimeSpan.FromDays(1), pushed: true)).Reason.SinceLastRebuild);
    }

    [Fact]
    public void The_watchs_overrides_merge_over_the_global_policy()
    {
        var basis = Weekly(TimeSpan.FromDays(8));

        var tighterMaxAge = Read(basis, new StalenessPolicyOverrides(MaxAge: TimeSpan.FromDays(7)));
        var smallerFactor = Read(basis, new StalenessPolicyOverrides(StaleFactor: 1));
        var global = Read(basis);

        Assert.Equal("stale: 8 d since the last rebuild > max age 7 d", tighterMaxAge.Explanation);
        Assert.Equal("stale: 8 d since the last rebuild > 1 × median 7 d", smallerFactor.Explanation);
        Assert.Equal((StalenessStatus.Fresh, TimeSpan.FromDays(21)), (global.Status, global.StaleAfter));
    }

    [Fact]
    public void Counts_rates_and_next_rebuild_are_read_for_the_moment()
    {
        var basis = Weekly(TimeSpan.FromDays(1));

        var now = Read(basis);
        var later = Read(basis, at: Now + TimeSpan.FromDays(30));

        // Events on days −29, −22, −15, −8 and −1; the history started 36 days ago.
        Assert.Equal(new RecentRebuildCounts(1, 5, 5), now.Recent);
        Assert.Equal(new RecentRebuildCounts(0, 0, 5), later.Recent);
        Assert.Equal(TimeSpan.FromDays(36), now.ObservedSpan);
        Assert.Equal(5 / (36.0 / 7), now.RebuildsPerWeek!.Value, 9);
        Assert.Equal(5 / (36.0 / 30.436875), now.RebuildsPerMonth!.Value, 9);
        Assert.Equal(Now + TimeSpan.FromDays(6), now.NextRebuildDue);
        Assert.Equal(now.NextRebuildDue, later.NextRebuildDue);
        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromDays(31)), (now.LastRebuildAge!.Value, later.LastRebuildAge!.Value));
    }

    [Theory]
    [InlineData("05:00:00", "fresh: 5 h since the last rebuild ≤ 1.5 × median 7 d")]
    [InlineData("00:12:00", "fresh: 12 min since the last rebuild ≤ 1.5 × median 7 d")]
    [InlineData("00:00:30", "fresh: 30 s since the last rebuild ≤ 1.5 × median 7 d")]
    public void Short_ages_are_told_in_hours_minutes_or_seconds(string age, string explanation) =>
        Assert.Equal(explanation, Read(Weekly(Span(age))).Explanation);

    [Fact]
    public void A_platform_that_never_appeared_is_unknown()
    {
        var history = TagHistory.BaselineAt(Now - TimeSpan.FromDays(10), platforms: Platforms.Index(arm64: "sha256:b1"));

        var reading = Read(CadenceCalculator.Basis(history.Revisions, new CadenceOptions { Platform = PlatformSelector.LinuxAmd64 }));

        Assert.Equal((StalenessStatus.Unknown, "unknown: no digest seen yet"), (reading.Status, reading.Explanation));
        Assert.Equal(Now - TimeSpan.FromDays(10), reading.ObservedSince);
    }

    [Fact]
    public void The_reading_is_the_moment_it_was_made_for()
    {
        var reading = Read(Weekly(TimeSpan.FromDays(1)), at: Now + TimeSpan.FromHours(1));

        Assert.Equal(Now + TimeSpan.FromHours(1), reading.At);
        Assert.Equal(TimeSpan.FromDays(1) + TimeSpan.FromHours(1), reading.Age);
    }
}
