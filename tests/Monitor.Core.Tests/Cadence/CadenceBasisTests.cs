using Monitor.Core.Cadence;
using Monitor.Core.Staleness;
using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Cadence;

/// <summary>The time-independent cadence a fleet snapshot holds and stores: read later, it must say what the history says then.</summary>
public sealed class CadenceBasisTests
{
    private static readonly DateTimeOffset Baseline = Utc(2026, 1, 1);

    [Fact]
    public void Statistics_are_whole_microseconds_so_a_stored_interval_reads_back_unchanged()
    {
        // Gaps of 1 µs + 1 tick, 3 µs, 4 µs + 7 ticks: medians and means fall between microseconds.
        var rebuilds = new[] { Baseline.AddDays(1) };
        var times = rebuilds.Concat([Baseline.AddDays(1).AddTicks(11), Baseline.AddDays(1).AddTicks(41), Baseline.AddDays(1).AddTicks(88)]);

        var intervals = TagHistory.BaselineAt(Baseline).ChangesAt(times).SummariseAt(Baseline.AddDays(2), new CadenceOptions { SettleWindow = TimeSpan.Zero }).Intervals;

        Assert.NotNull(intervals);
        Assert.All(new[] { intervals.Min, intervals.Median, intervals.Mean, intervals.P90, intervals.Max },
            statistic => Assert.Equal(0, statistic.Ticks % TimeSpan.TicksPerMicrosecond));
        Assert.Equal(TimeSpan.FromMicroseconds(3), intervals.Median);
    }

    [Fact]
    public void Keeps_the_events_of_the_ninety_days_before_the_last_rebuild()
    {
        var rebuilds = Enumerable.Range(1, 30).Select(week => Baseline.AddDays(7 * week)).ToArray();
        var history = TagHistory.BaselineAt(Baseline).ChangesAt(rebuilds);

        var basis = CadenceCalculator.Basis(history.Revisions);

        // 90 days before the last rebuild: the last one and 12 weekly ones before it (84 days), not 13 (91 days).
        Assert.Equal([.. rebuilds[^13..].Select(r => r.UtcTicks)], basis.RecentRebuildTicks);
        Assert.Equal((30, rebuilds[^1], TimeSpan.FromDays(7)), (basis.EventCount, basis.LastRebuildAt, basis.Intervals?.Median));
        Assert.Equal(rebuilds[^1] + TimeSpan.FromDays(7), basis.NextRebuildExpectedAt);
    }

    public static TheoryData<int> DaysAfterLastRebuild => [0, 1, 6, 7, 8, 29, 30, 31, 45, 89, 90, 91, 400];

    [Theory]
    [MemberData(nameof(DaysAfterLastRebuild))]
    public void Projected_later_it_counts_and_judges_what_a_summary_at_that_moment_says(int days)
    {
        // Every 3 days with a few same-instant pairs (settle window 0 keeps them as separate events).
        var times = Enumerable.Range(1, 60).SelectMany(i => i % 10 == 0 ? [Baseline.AddDays(3 * i), Baseline.AddDays(3 * i)] : new[] { Baseline.AddDays(3 * i) }).ToArray();
        var options = new CadenceOptions { SettleWindow = TimeSpan.Zero };
        var history = TagHistory.BaselineAt(Baseline).ChangesAt(times);
        var computedAt = times[^1].AddHours(2);
        var basis = history.SummariseAt(computedAt, options).Basis;

        var later = times[^1].AddDays(days);
        var fresh = history.SummariseAt(later, options);
        var policy = new StalenessPolicy();

        // Counted from every event of the history, not from the basis's 90 days of them.
        int Since(double daysBack) => fresh.Events.Count(e => e.Time >= later - TimeSpan.FromDays(daysBack));
        Assert.Equal(new RecentRebuildCounts(Since(7), Since(30), Since(90)), basis.RecentAt(later));
        Assert.Equal(new RecentRebuildCounts(
            basis.RebuildsSince(later - TimeSpan.FromDays(7)), basis.RebuildsSince(later - TimeSpan.FromDays(30)), basis.RebuildsSince(later - TimeSpan.FromDays(90))),
            fresh.Recent);
        Assert.Equal(StalenessEvaluator.Evaluate(fresh.Basis, false, policy, later), StalenessEvaluator.Evaluate(basis, false, policy, later));
    }

    [Fact]
    public void A_history_without_rebuilds_keeps_its_baseline_as_the_age_reference()
    {
        var basis = TagHistory.BaselineAt(Baseline, pushedAt: Baseline.AddHours(-5)).SummariseAt(Baseline.AddDays(3)).Basis;

        Assert.Equal((0, (DateTimeOffset?)null, Baseline.AddHours(-5)), (basis.EventCount, basis.LastRebuildAt, basis.AgeMeasuredFrom!.Value));
        Assert.Equal(AgeSource.Pushed, basis.AgeSource);
        Assert.Empty(basis.RecentRebuildTicks);
        Assert.Equal(0, basis.RebuildsSince(Baseline));
        Assert.Null(basis.NextRebuildExpectedAt);
    }

    [Fact]
    public void The_fingerprint_tells_definitions_apart()
    {
        var fingerprints = new[]
        {
            new CadenceOptions().Fingerprint,
            new CadenceOptions { SettleWindow = TimeSpan.FromHours(12) }.Fingerprint,
            new CadenceOptions { Platform = PlatformSelector.LinuxAmd64 }.Fingerprint,
            new CadenceOptions { Platform = PlatformSelector.Parse("linux/arm64") }.Fingerprint,
        };

        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
        Assert.Equal(new CadenceOptions { Platform = PlatformSelector.Parse("Linux/AMD64") }.Fingerprint, fingerprints[2]);
        Assert.StartsWith($"v{CadenceCalculator.DefinitionVersion};", fingerprints[0], StringComparison.Ordinal);
    }
}
