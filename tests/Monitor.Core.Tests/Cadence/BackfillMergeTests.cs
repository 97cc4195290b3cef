using Monitor.Core.Cadence;
using Monitor.Core.History;
using Monitor.Core.Staleness;
using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Cadence;

/// <summary>
/// Back-filled history (a registry's tag history) merged with polled history: docs/cadence.md, "Back-filled history".
/// </summary>
public sealed class BackfillMergeTests
{
    /// <summary>The first entry of a 30-day nightly history: 2026-02-01 02:00 UTC.</summary>
    private static readonly DateTimeOffset HistoryStart = Utc(2026, 2, 1, 2);

    /// <summary>The tag is watched (its baseline seen) the evening after the last nightly build.</summary>
    private static readonly DateTimeOffset Watched = Utc(2026, 3, 2, 18);

    private static readonly DateTimeOffset Now = Utc(2026, 3, 2, 20);

    [Fact]
    public void Baseline_equal_to_the_newest_backfilled_entry_is_the_same_revision()
    {
        var history = Nightly(30).BaselineAfter(Watched, "sha256:n29");

        var summary = history.SummariseAt(Now);

        Assert.Equal(29, summary.Events.Count);
        Assert.All(summary.Events, e =>
        {
            Assert.True(e.IsBackfill);
            Assert.Equal(EventTimeSource.Pushed, e.TimeSource);
            Assert.Null(e.DetectionWindowStart);
            Assert.Equal(e.Time, e.DetectionWindowEnd);
            Assert.Equal(1, e.ChangeCount);
        });
        Assert.Equal(HistoryStart.AddDays(1), summary.Events[0].Time);
        Assert.Equal(HistoryStart.AddDays(29), summary.LastRebuildAt);
        Assert.Equal(Digests.Of("sha256:n29"), summary.Events[^1].Digest);
        Assert.Equal(TimeSpan.FromDays(1), summary.Intervals?.Median);
        Assert.Equal(HistoryStart, summary.ObservedSince);
        Assert.Equal(AgeSource.Pushed, summary.Reading.AgeSource);
        Assert.Equal(StalenessStatus.Fresh, summary.Reading.Status);
        // 1 February 2026 is a Sunday (2026-W05); the nightly rebuilds fill the four weeks after it.
        Assert.Equal(["2026-W05", "2026-W06", "2026-W07", "2026-W08", "2026-W09", "2026-W10"], summary.Weekly.Select(w => w.Label));
        Assert.Equal([0, 7, 7, 7, 7, 1], summary.Weekly.Select(w => w.Count));
    }

    [Fact]
    public void Baseline_different_from_the_newest_backfilled_entry_is_a_change_after_it()
    {
        var summary = Nightly(30).BaselineAfter(Watched, "sha256:other").SummariseAt(Now);

        Assert.Equal(30, summary.Events.Count);
        var last = summary.Events[^1];
        Assert.False(last.IsBackfill);
        Assert.Equal(Watched, last.Time);
        Assert.Equal(EventTimeSource.Detected, last.TimeSource);
        Assert.Null(last.DetectionWindowStart);
        Assert.Equal(Watched, last.DetectionWindowEnd);
        Assert.Equal(Digests.Of("sha256:other"), last.Digest);
        Assert.False(last.IsRollback);
    }

    [Fact]
    public void Baseline_different_from_the_entry_in_effect_uses_its_push_time_when_known()
    {
        var last = Nightly(3).BaselineAfter(Watched, "sha256:other", pushedAt: Watched.AddHours(-3)).SummariseAt(Now).Events[^1];

        Assert.Equal(Watched.AddHours(-3), last.Time);
        Assert.Equal(EventTimeSource.Pushed, last.TimeSource);
    }

    [Fact]
    public void Baseline_recorded_by_a_registry_whose_clock_runs_behind_is_still_the_same_revision()
    {
        // The registry records the newest digest 4 minutes after Monitor first saw it: one rebuild, the registry's.
        var history = TagHistory.None
            .BackfilledAt(Watched.AddDays(-1), "sha256:a")
            .BackfilledAt(Watched.AddMinutes(4), "sha256:b")
            .BaselineAfter(Watched, "sha256:b");

        var rebuild = Assert.Single(history.SummariseAt(Now).Events);

        Assert.True(rebuild.IsBackfill);
        Assert.Equal(Watched.AddMinutes(4), rebuild.Time);
        Assert.Equal(Digests.Of("sha256:b"), rebuild.Digest);
        Assert.False(rebuild.IsRollback);
    }

    [Fact]
    public void Backfill_after_months_of_polling_counts_each_change_once()
    {
        var day0 = Utc(2026, 1, 5, 6);
        var polled = TagHistory.BaselineAt(day0, digest: "sha256:d0")
            .ChangeAt(day0.AddDays(7), digest: "sha256:d1")
            .ChangeAt(day0.AddDays(14), digest: "sha256:d2");
        var alone = polled.SummariseAt(Now);

        // The registry's history: two older builds, then the three digests the polls saw, pushed inside their windows.
        var merged = polled
            .BackfilledAt(day0.AddDays(-20), "sha256:a")
            .BackfilledAt(day0.AddDays(-10), "sha256:b")
            .BackfilledAt(day0.AddDays(-3), "sha256:d0")
            .BackfilledAt(day0.AddDays(7).AddMinutes(-30), "sha256:d1")
            .BackfilledAt(day0.AddDays(14).AddMinutes(-20), "sha256:d2")
            .SummariseAt(Now);

        Assert.Equal(2, alone.Events.Count);
        Assert.Equal(
            [(day0.AddDays(-10), true), (day0.AddDays(-3), true), (day0.AddDays(7).AddMinutes(-30), false), (day0.AddDays(14).AddMinutes(-20), false)],
            merged.Events.Select(e => (e.Time, e.IsBackfill)));

        // The polled changes keep their detection windows and take the registry's time as their push time.
        var d1 = merged.Events[2];
        Assert.Equal(EventTimeSource.Pushed, d1.TimeSource);
        Assert.Equal(day0.AddDays(7).AddHours(-1), d1.DetectionWindowStart);
        Assert.Equal(day0.AddDays(7), d1.DetectionWindowEnd);
        Assert.All(merged.Events, e => Assert.False(e.IsRollback));
        Assert.Equal(day0.AddDays(-20), merged.ObservedSince);
    }

    [Fact]
    public void An_entry_just_outside_a_poll_window_is_still_that_polls_change()
    {
        // Pushed 8 minutes before the last check that still saw the old digest, by the registry's clock: within the tolerance.
        var changeSeen = Utc(2026, 2, 10, 12);
        var history = TagHistory.BaselineAt(Utc(2026, 2, 1), digest: "sha256:a")
            .ChangeAt(changeSeen, digest: "sha256:b")
            .BackfilledAt(Utc(2026, 1, 20), "sha256:a")
            .BackfilledAt(changeSeen - TagHistory.PollInterval - TimeSpan.FromMinutes(8), "sha256:b");

        var rebuild = Assert.Single(history.SummariseAt(Now).Events);

        Assert.False(rebuild.IsBackfill);
        Assert.Equal(changeSeen - TagHistory.PollInterval - TimeSpan.FromMinutes(8), rebuild.Time);
    }

    [Fact]
    public void An_entry_far_from_every_poll_window_is_a_change_the_polls_missed()
    {
        // The poller was down for three days: the registry saw b come and go, the polls only a → c.
        var baseline = Utc(2026, 2, 1);
        var history = TagHistory.BaselineAt(baseline, digest: "sha256:a");
        var polled = history.Revisions.Append(new RevisionObservation
        {
            Digest = Digests.Of("sha256:c"),
            PreviousCheckAt = Utc(2026, 2, 5),
            FirstSeenAt = Utc(2026, 2, 8),
        }).ToList();
        polled.Add(Backfilled(Utc(2026, 1, 25), "sha256:a"));
        polled.Add(Backfilled(Utc(2026, 2, 6), "sha256:b"));
        polled.Add(Backfilled(Utc(2026, 2, 7, 12), "sha256:c"));

        var summary = CadenceCalculator.Summarise(polled, Now);

        Assert.Equal([(Utc(2026, 2, 6), true), (Utc(2026, 2, 7, 12), false)], summary.Events.Select(e => (e.Time, e.IsBackfill)));
    }

    [Fact]
    public void A_backfilled_change_the_polls_see_later_counts_once()
    {
        var seen = Utc(2026, 2, 1, 12);
        var beforePoll = TagHistory.BaselineAt(seen, digest: "sha256:a")
            .BackfilledAt(seen.AddDays(-1), "sha256:a")
            .BackfilledAt(seen.AddHours(2), "sha256:b");
        var first = Assert.Single(beforePoll.SummariseAt(Now).Events);

        // The next poll sees b; as the store writes it, it is flagged a rollback because a back-filled row has its digest.
        var afterPoll = beforePoll.ChangeAt(seen.AddHours(3), digest: "sha256:b", isRollback: true);
        var second = Assert.Single(afterPoll.SummariseAt(Now).Events);

        Assert.True(first.IsBackfill);
        Assert.False(second.IsBackfill);
        Assert.Equal(seen.AddHours(2), second.Time);
        Assert.Equal(EventTimeSource.Pushed, second.TimeSource);
        Assert.False(second.IsRollback);
        Assert.Equal(seen.AddHours(2), second.DetectionWindowStart);
    }

    [Fact]
    public void Rollback_in_the_history_is_flagged()
    {
        var summary = TagHistory.None
            .BackfilledAt(Utc(2026, 2, 1), "sha256:a")
            .BackfilledAt(Utc(2026, 2, 2), "sha256:b")
            .BackfilledAt(Utc(2026, 2, 3), "sha256:a")
            .BaselineAfter(Utc(2026, 2, 4), "sha256:a")
            .SummariseAt(Now);

        Assert.Equal([false, true], summary.Events.Select(e => e.IsRollback));
        Assert.Equal(Digests.Of("sha256:a"), summary.Events[1].Digest);
    }

    [Fact]
    public void A_polled_return_to_a_backfilled_digest_is_a_rollback()
    {
        var seen = Utc(2026, 2, 10);
        var summary = TagHistory.BaselineAt(seen, digest: "sha256:b")
            .BackfilledAt(Utc(2026, 2, 1), "sha256:a")
            .BackfilledAt(Utc(2026, 2, 5), "sha256:b")
            .ChangeAt(Utc(2026, 2, 20), digest: "sha256:a")
            .SummariseAt(Now);

        Assert.Equal([false, true], summary.Events.Select(e => e.IsRollback));
    }

    [Fact]
    public void A_multi_arch_burst_in_the_history_is_one_event()
    {
        // Three index digests while the architectures of one build land, 1 h 30 min in all: within the 6 h settle window.
        var rebuild = Assert.Single(TagHistory.None
            .BackfilledAt(Utc(2026, 2, 1), "sha256:a")
            .BackfilledAt(Utc(2026, 2, 10, 8), "sha256:b1")
            .BackfilledAt(Utc(2026, 2, 10, 8, 40), "sha256:b2")
            .BackfilledAt(Utc(2026, 2, 10, 9, 30), "sha256:b3")
            .BaselineAfter(Utc(2026, 2, 11), "sha256:b3")
            .SummariseAt(Now).Events);

        Assert.Equal(3, rebuild.ChangeCount);
        Assert.Equal(Utc(2026, 2, 10, 8), rebuild.Time);
        Assert.Null(rebuild.DetectionWindowStart);
        Assert.Equal(Utc(2026, 2, 10, 9, 30), rebuild.DetectionWindowEnd);
        Assert.Equal(Digests.Of("sha256:b3"), rebuild.Digest);
        Assert.True(rebuild.IsBackfill);
    }

    [Fact]
    public void An_empty_history_leaves_the_polled_cadence_as_it_is()
    {
        var polled = TagHistory.BaselineAt(Utc(2026, 2, 1)).ChangesAt([Utc(2026, 2, 8), Utc(2026, 2, 15)]);

        var summary = polled.SummariseAt(Now);

        Assert.Same(polled.Revisions, HistoryMerge.Merge(polled.Revisions, CadenceOptions.Default));
        Assert.Equal([Utc(2026, 2, 8), Utc(2026, 2, 15)], summary.Events.Select(e => e.Time));
        Assert.All(summary.Events, e => Assert.False(e.IsBackfill));
    }

    [Fact]
    public void A_history_of_one_entry_gives_the_baseline_its_push_time_and_no_rebuild()
    {
        var summary = TagHistory.None
            .BackfilledAt(Utc(2025, 11, 1), "sha256:a")
            .BaselineAfter(Watched, "sha256:a")
            .SummariseAt(Now);

        Assert.Empty(summary.Events);
        Assert.Equal(Utc(2025, 11, 1), summary.AgeMeasuredFrom);
        Assert.Equal(AgeSource.Pushed, summary.Reading.AgeSource);
        Assert.Equal(StalenessStatus.Stale, summary.Reading.Status);
        Assert.Equal(Utc(2025, 11, 1), summary.ObservedSince);
    }

    [Fact]
    public void Backfilled_history_alone_starts_with_its_oldest_entry()
    {
        var summary = Nightly(3).SummariseAt(Now);

        Assert.Equal([HistoryStart.AddDays(1), HistoryStart.AddDays(2)], summary.Events.Select(e => e.Time));
    }

    [Fact]
    public void Duplicate_repeated_and_placeholder_entries_count_once_or_not_at_all()
    {
        var clean = Nightly(5).BaselineAfter(Watched, "sha256:n4").SummariseAt(Now);

        var garbage = Nightly(5)
            .BackfilledAt(HistoryStart.AddDays(2), "sha256:n2")                      // the same entry twice
            .BackfilledAt(HistoryStart.AddDays(2).AddHours(9), "sha256:n2")           // a repeat: the tag still on n2
            .BackfilledAt(DateTimeOffset.UnixEpoch, "sha256:epoch")                   // reproducible-build placeholders
            .BackfilledAt(DateTimeOffset.MinValue, "sha256:zero")
            .BaselineAfter(Watched, "sha256:n4")
            .SummariseAt(Now);

        Assert.Equal(clean.Events, garbage.Events);
        Assert.Equal(clean.Basis, garbage.Basis with { RecentRebuildTicks = clean.Basis.RecentRebuildTicks });
        Assert.Equal(clean.Basis.RecentRebuildTicks, garbage.Basis.RecentRebuildTicks);
    }

    [Fact]
    public void A_history_of_placeholders_only_is_no_history()
    {
        var summary = TagHistory.None.BackfilledAt(DateTimeOffset.UnixEpoch, "sha256:a").SummariseAt(Now);

        Assert.Equal(CadenceBasis.Empty, summary.Basis);
    }

    [Fact]
    public void Per_platform_cadence_leaves_backfilled_entries_out()
    {
        var options = new CadenceOptions { Platform = PlatformSelector.Parse("linux/amd64") };
        var polled = TagHistory.BaselineAt(Utc(2026, 2, 20), digest: "sha256:n4").ChangeAt(Utc(2026, 2, 27), digest: "sha256:x");
        var alone = CadenceCalculator.Basis(polled.Revisions, options);

        var merged = CadenceCalculator.Basis(Nightly(5).BaselineAfter(Utc(2026, 2, 20), "sha256:n4").ChangeAt(Utc(2026, 2, 27), digest: "sha256:x").Revisions, options);

        Assert.Equal(1, merged.EventCount);
        Assert.Equal(alone.LastRebuildAt, merged.LastRebuildAt);
        Assert.Equal(alone.ObservedSince, merged.ObservedSince);
    }

    /// <summary>Nightly builds <c>sha256:n0</c> … from <see cref="HistoryStart"/>, one a day.</summary>
    private static TagHistory Nightly(int days)
    {
        var history = TagHistory.None;
        for (var i = 0; i < days; i++)
        {
            history.BackfilledAt(HistoryStart.AddDays(i), $"sha256:n{i}");
        }

        return history;
    }

    private static RevisionObservation Backfilled(DateTimeOffset at, string digest) =>
        new() { Digest = Digests.Of(digest), FirstSeenAt = at, PushedAt = at, Source = RevisionSource.Backfill };
}
