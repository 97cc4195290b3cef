using Monitor.Core.Cadence;
using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Cadence;

public sealed class RebuildEventTests
{
    private static readonly DateTimeOffset Baseline = Utc(2026, 3, 1);
    private static readonly DateTimeOffset Now = Utc(2026, 4, 1);

    [Fact]
    public void No_history_summarises_to_unknowns_and_empty_series()
    {
        var summary = TagHistory.None.SummariseAt(Now);

        Assert.Empty(summary.Events);
        Assert.Null(summary.ObservedSince);
        Assert.Null(summary.ObservedSpan);
        Assert.Null(summary.LastRebuildAt);
        Assert.Null(summary.LastRebuildAge);
        Assert.Null(summary.AgeMeasuredFrom);
        Assert.Null(summary.Intervals);
        Assert.Null(summary.NextRebuildExpectedAt);
        Assert.Null(summary.RebuildsPerWeek);
        Assert.Null(summary.RebuildsPerMonth);
        Assert.Equal(new RecentRebuildCounts(0, 0, 0), summary.Recent);
        Assert.Empty(summary.Weekly);
        Assert.Empty(summary.Monthly);
    }

    [Fact]
    public void Baseline_is_a_starting_point_not_a_rebuild()
    {
        var summary = TagHistory.BaselineAt(Baseline).SummariseAt(Now);

        Assert.Empty(summary.Events);
        Assert.Null(summary.LastRebuildAt);
        Assert.Null(summary.LastRebuildAge);
        Assert.Null(summary.Intervals);
        Assert.Null(summary.NextRebuildExpectedAt);
        Assert.Equal(Baseline, summary.ObservedSince);
        Assert.Equal(TimeSpan.FromDays(31), summary.ObservedSpan);
        Assert.Equal(Baseline, summary.AgeMeasuredFrom);
        Assert.Equal(0d, summary.RebuildsPerWeek);
    }

    [Fact]
    public void Rebuild_burst_within_settle_window_counts_once()
    {
        // Five index digests while the architectures of one multi-arch build land, 5 h 45 min in all.
        var history = TagHistory.BaselineAt(Baseline)
            .ChangesAt([
                Utc(2026, 3, 10, 8), Utc(2026, 3, 10, 9), Utc(2026, 3, 10, 10, 30),
                Utc(2026, 3, 10, 12), Utc(2026, 3, 10, 13, 45),
            ]);

        var rebuild = Assert.Single(history.SummariseAt(Now).Events);

        Assert.Equal(5, rebuild.ChangeCount);
        Assert.Equal(Utc(2026, 3, 10, 8), rebuild.Time);
        Assert.Equal(Utc(2026, 3, 10, 7), rebuild.DetectionWindowStart);
        Assert.Equal(Utc(2026, 3, 10, 13, 45), rebuild.DetectionWindowEnd);
        Assert.Equal(history.Revisions[^1].Digest, rebuild.Digest);
        Assert.False(rebuild.IsRollback);
    }

    [Fact]
    public void Changes_a_day_apart_are_separate_events()
    {
        var summary = TagHistory.BaselineAt(Baseline)
            .ChangesAt([Utc(2026, 3, 10, 8), Utc(2026, 3, 10, 9), Utc(2026, 3, 11, 8)])
            .SummariseAt(Now);

        Assert.Equal([2, 1], summary.Events.Select(rebuild => rebuild.ChangeCount));
        Assert.Equal([Utc(2026, 3, 10, 8), Utc(2026, 3, 11, 8)], summary.Events.Select(rebuild => rebuild.Time));
    }

    [Fact]
    public void Event_time_uses_push_time_when_known_and_keeps_detection_window()
    {
        var summary = TagHistory.BaselineAt(Baseline)
            .ChangeAt(Utc(2026, 3, 10, 12), pushedAt: Utc(2026, 3, 10, 11, 20))
            .SummariseAt(Now);

        var rebuild = Assert.Single(summary.Events);
        Assert.Equal(Utc(2026, 3, 10, 11, 20), rebuild.Time);
        Assert.Equal(EventTimeSource.Pushed, rebuild.TimeSource);
        Assert.Equal(Utc(2026, 3, 10, 11), rebuild.DetectionWindowStart);
        Assert.Equal(Utc(2026, 3, 10, 12), rebuild.DetectionWindowEnd);
        Assert.Equal(Utc(2026, 3, 10, 11, 20), summary.LastRebuildAt);
    }

    [Fact]
    public void Event_time_falls_back_to_detection_time_without_push_time()
    {
        var rebuild = Assert.Single(TagHistory.BaselineAt(Baseline)
            .ChangeAt(Utc(2026, 3, 10, 12))
            .SummariseAt(Now).Events);

        Assert.Equal(Utc(2026, 3, 10, 12), rebuild.Time);
        Assert.Equal(EventTimeSource.Detected, rebuild.TimeSource);
    }

    [Fact]
    public void Burst_takes_its_time_from_the_first_change_and_its_window_across_all_changes()
    {
        var rebuild = Assert.Single(TagHistory.BaselineAt(Baseline)
            .ChangeAt(Utc(2026, 3, 10, 8), pushedAt: Utc(2026, 3, 10, 7, 30))
            .ChangeAt(Utc(2026, 3, 10, 10), pushedAt: Utc(2026, 3, 10, 9, 45))
            .SummariseAt(Now).Events);

        Assert.Equal(Utc(2026, 3, 10, 7, 30), rebuild.Time);
        Assert.Equal(EventTimeSource.Pushed, rebuild.TimeSource);
        Assert.Equal(Utc(2026, 3, 10, 7), rebuild.DetectionWindowStart);
        Assert.Equal(Utc(2026, 3, 10, 10), rebuild.DetectionWindowEnd);
    }

    [Fact]
    public void Burst_grouping_uses_push_times_when_known()
    {
        // The poller was down: pushes 2 h apart were detected 8 h apart. They are still one rebuild.
        var rebuild = Assert.Single(TagHistory.BaselineAt(Baseline)
            .ChangeAt(Utc(2026, 3, 10, 2), pushedAt: Utc(2026, 3, 10, 1))
            .ChangeAt(Utc(2026, 3, 10, 10), pushedAt: Utc(2026, 3, 10, 3))
            .SummariseAt(Now).Events);

        Assert.Equal(2, rebuild.ChangeCount);
        Assert.Equal(Utc(2026, 3, 10, 10), rebuild.DetectionWindowEnd);
    }

    [Fact]
    public void Rollback_is_an_event_flagged_as_rollback()
    {
        var history = TagHistory.BaselineAt(Baseline, digest: "sha256:a")
            .ChangeAt(Utc(2026, 3, 10), digest: "sha256:b")
            .RollbackAt(Utc(2026, 3, 12), digest: "sha256:a");

        var summary = history.SummariseAt(Now);

        Assert.Equal([false, true], summary.Events.Select(rebuild => rebuild.IsRollback));
        Assert.Equal(Digests.Of("sha256:a"), summary.Events[1].Digest);
        Assert.Equal(TimeSpan.FromDays(2), summary.Intervals?.Median);
    }

    [Fact]
    public void Burst_that_ends_on_a_rollback_is_flagged()
    {
        var rebuild = Assert.Single(TagHistory.BaselineAt(Baseline, digest: "sha256:a")
            .ChangeAt(Utc(2026, 3, 10, 10), digest: "sha256:b")
            .RollbackAt(Utc(2026, 3, 10, 11), digest: "sha256:a")
            .SummariseAt(Now).Events);

        Assert.True(rebuild.IsRollback);
        Assert.Equal(2, rebuild.ChangeCount);
    }

    [Fact]
    public void Burst_that_moves_on_after_a_rollback_is_not_flagged()
    {
        var rebuild = Assert.Single(TagHistory.BaselineAt(Baseline, digest: "sha256:a")
            .ChangeAt(Utc(2026, 3, 10, 10), digest: "sha256:b")
            .RollbackAt(Utc(2026, 3, 10, 11), digest: "sha256:a")
            .ChangeAt(Utc(2026, 3, 10, 12), digest: "sha256:c")
            .SummariseAt(Now).Events);

        Assert.False(rebuild.IsRollback);
        Assert.Equal(Digests.Of("sha256:c"), rebuild.Digest);
    }

    [Fact]
    public void History_in_any_order_is_read_in_detection_order()
    {
        var ordered = TagHistory.BaselineAt(Baseline)
            .ChangesAt([Utc(2026, 3, 5), Utc(2026, 3, 6), Utc(2026, 3, 9)]);
        var shuffled = new[] { ordered.Revisions[2], ordered.Revisions[0], ordered.Revisions[3], ordered.Revisions[1] };

        var summary = CadenceCalculator.Summarise(shuffled, Now);

        Assert.Equal([Utc(2026, 3, 5), Utc(2026, 3, 6), Utc(2026, 3, 9)], summary.Events.Select(rebuild => rebuild.Time));
        Assert.Equal(Baseline, summary.Basis.ObservedSince);
    }

    [Fact]
    public void History_loaded_without_its_baseline_counts_every_revision_as_a_change()
    {
        // A revision row exists only because the digest changed, even when the rows before it were not loaded.
        var revisions = TagHistory.BaselineAt(Baseline)
            .ChangesAt([Utc(2026, 3, 5), Utc(2026, 3, 9)])
            .Revisions.Skip(1).ToArray();

        var summary = CadenceCalculator.Summarise(revisions, Now);

        Assert.Equal(2, summary.Events.Count);
        Assert.Equal(Utc(2026, 3, 5), summary.Basis.ObservedSince);
    }

    [Fact]
    public void Event_pushed_before_the_baseline_was_seen_extends_the_observed_span()
    {
        var summary = TagHistory.BaselineAt(Baseline)
            .ChangeAt(Utc(2026, 3, 2), pushedAt: Utc(2026, 2, 20))
            .SummariseAt(Now);

        Assert.Equal(Utc(2026, 2, 20), summary.ObservedSince);
        Assert.Equal(TimeSpan.FromDays(40), summary.ObservedSpan);
        Assert.Equal(Date(2026, 2, 1), summary.Monthly[0].Start);
    }

    [Fact]
    public void Negative_settle_window_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CadenceOptions { SettleWindow = TimeSpan.FromHours(-1) });
    }
}
