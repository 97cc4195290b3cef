using Monitor.Core.Cadence;
using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Cadence;

/// <summary>
/// A burst is anchored to its first change: a change joins it when it lies at most one settle window after
/// the burst's first change (not after the burst's previous change).
/// </summary>
public sealed class BurstGroupingTests
{
    private static readonly DateTimeOffset Baseline = Utc(2026, 5, 1);
    private static readonly DateTimeOffset FirstChange = Utc(2026, 5, 4);

    public static TheoryData<string, string[], string, int[]> Bursts => new()
    {
        { "five pushes within the window", ["0:00", "1:00", "2:00", "3:00", "4:00"], "6:00", [5] },
        { "a change exactly one window after the first joins", ["0:00", "6:00"], "6:00", [2] },
        { "a change a second later starts a new event", ["0:00", "6:00", "6:00:01"], "6:00", [2, 1] },
        { "3 h steps over 12 h split where the anchor's window ends", ["0:00", "3:00", "6:00", "9:00", "12:00"], "6:00", [3, 2] },
        { "five index digests in 12 h are one rebuild with a 12 h window", ["0:00", "3:00", "6:00", "9:00", "12:00"], "12:00", [5] },
        { "a new burst anchors at its own first change", ["0:00", "5:00", "7:00", "12:00", "13:00"], "6:00", [2, 3] },
        { "daily cadence stays daily", ["0:00", "1.00:00", "2.00:00", "3.00:00"], "6:00", [1, 1, 1, 1] },
        { "a zero window never merges", ["0:00", "0:01", "0:02"], "0:00", [1, 1, 1] },
    };

    [Theory]
    [MemberData(nameof(Bursts))]
    public void Changes_group_into_bursts_anchored_at_their_first_change(
        string scenario, string[] changeOffsets, string settleWindow, int[] expectedChangesPerEvent)
    {
        var offsets = changeOffsets.Select(Span).ToArray();
        var options = new CadenceOptions { SettleWindow = Span(settleWindow) };

        var events = TagHistory.BaselineAt(Baseline)
            .ChangesAt(offsets.Select(offset => FirstChange + offset))
            .SummariseAt(FirstChange + TimeSpan.FromDays(10), options)
            .Events;

        Assert.True(
            expectedChangesPerEvent.SequenceEqual(events.Select(rebuild => rebuild.ChangeCount)),
            $"{scenario}: expected [{string.Join(", ", expectedChangesPerEvent)}], got [{string.Join(", ", events.Select(rebuild => rebuild.ChangeCount))}]");
        var firstChangeOfEachEvent = expectedChangesPerEvent
            .Select((_, index) => expectedChangesPerEvent.Take(index).Sum())
            .Select(changeIndex => FirstChange + offsets[changeIndex]);
        Assert.Equal(firstChangeOfEachEvent, events.Select(rebuild => rebuild.Time));
    }

    [Theory]
    [InlineData("6:00:00", 1)]
    [InlineData("6:00:01", 2)]
    public void Default_settle_window_is_six_hours(string secondChangeAfterFirst, int expectedEvents)
    {
        var summary = TagHistory.BaselineAt(Baseline)
            .ChangesAt([FirstChange, FirstChange + Span(secondChangeAfterFirst)])
            .SummariseAt(FirstChange + TimeSpan.FromDays(1), CadenceOptions.Default);

        Assert.Equal(expectedEvents, summary.Events.Count);
        Assert.Null(CadenceOptions.Default.Platform);
    }

    [Fact]
    public void Changes_every_four_hours_are_not_merged_into_one_endless_burst()
    {
        // Chaining change to change would make one 44 h "burst"; anchoring yields a rebuild every 8 h.
        var changes = Enumerable.Range(0, 12).Select(step => FirstChange + TimeSpan.FromHours(4 * step));

        var summary = TagHistory.BaselineAt(Baseline).ChangesAt(changes).SummariseAt(FirstChange + TimeSpan.FromDays(2));

        Assert.Equal(6, summary.Events.Count);
        Assert.All(summary.Events, rebuild => Assert.Equal(2, rebuild.ChangeCount));
        Assert.Equal(TimeSpan.FromHours(8), summary.Intervals?.Median);
    }

    [Fact]
    public void Daily_cadence_is_not_merged_into_one_burst()
    {
        var changes = Enumerable.Range(0, 30).Select(day => FirstChange + TimeSpan.FromDays(day));

        var summary = TagHistory.BaselineAt(Baseline).ChangesAt(changes).SummariseAt(FirstChange + TimeSpan.FromDays(30));

        Assert.Equal(30, summary.Events.Count);
        Assert.Equal(TimeSpan.FromDays(1), summary.Intervals?.Median);
        Assert.Equal(TimeSpan.FromDays(1), summary.Intervals?.Max);
    }

    /// <summary>
    /// The burst of issue 16: three pushes of a multi-arch index within a 60 s settle window, polled every 25 s; the
    /// second and third polls took 12 s because other tags' answers were held back. The tag's own answers came at once.
    /// </summary>
    [Fact]
    public void A_burst_seen_by_slow_cycles_stays_one_event_when_each_revision_carries_its_own_requests_times()
    {
        var t = Utc(2026, 5, 4, 12);
        var pushes = new[] { t, t.AddSeconds(20), t.AddSeconds(45) };
        var cycleStarts = new[] { t.AddSeconds(-24), t.AddSeconds(1), t.AddSeconds(26), t.AddSeconds(51) };
        var cycleLengths = new[] { 0.1, 0.1, 12, 12 };
        var options = new CadenceOptions { SettleWindow = TimeSpan.FromSeconds(60) };

        // What a poll stores: the tag's last check is its request's send time, a new digest's first sighting its answer's arrival.
        DateTimeOffset Sent(int cycle) => cycleStarts[cycle];
        DateTimeOffset Answered(int cycle) => cycleStarts[cycle].AddMilliseconds(50);
        DateTimeOffset CycleEnd(int cycle) => cycleStarts[cycle].AddSeconds(cycleLengths[cycle]);

        var perRequest = Burst(cycle => Sent(cycle), cycle => Answered(cycle));
        var cycleEndStamps = Burst(CycleEnd, CycleEnd);

        var rebuild = Assert.Single(perRequest.Events);
        Assert.Equal((3, Answered(1)), (rebuild.ChangeCount, rebuild.Time));
        Assert.All(pushes, push => Assert.InRange(push, rebuild.DetectionWindowStart!.Value, rebuild.DetectionWindowEnd));

        // The cause: stamped with the slow cycles' ends, the third change lands 61.9 s after the first and splits off.
        Assert.Equal([2, 1], cycleEndStamps.Events.Select(e => e.ChangeCount));

        CadenceAt Burst(Func<int, DateTimeOffset> checkedAt, Func<int, DateTimeOffset> seenAt)
        {
            var revisions = new List<RevisionObservation>
            {
                new() { Digest = Digests.Of("a"), FirstSeenAt = seenAt(0), IsBaseline = true },
            };
            for (var cycle = 1; cycle < cycleStarts.Length; cycle++)
            {
                revisions.Add(new() { Digest = Digests.Of(((char)('a' + cycle)).ToString()), FirstSeenAt = seenAt(cycle), PreviousCheckAt = checkedAt(cycle - 1) });
            }

            return CadenceAt.Of(CadenceCalculator.Summarise(revisions, t.AddDays(1), options), t.AddDays(1));
        }
    }
}
