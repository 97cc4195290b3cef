using Monitor.Core.Cadence;
using Monitor.Core.History;
using Monitor.Core.Reading;
using Monitor.Core.Staleness;
using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Reading;

/// <summary>"Stalest first", as the report lists tags and as the metrics keep them when capped.</summary>
public sealed class StalestFirstTests
{
    private static readonly DateTimeOffset Now = Utc(2026, 9, 1);

    private static (string Name, TagCadenceReading Reading) Tag(string name, int? baselineDaysAgo, PollStatus poll = PollStatus.Ok)
    {
        var basis = baselineDaysAgo is { } days ? CadenceCalculator.Basis(TagHistory.BaselineAt(Now - TimeSpan.FromDays(days)).Revisions) : CadenceBasis.Empty;
        return (name, TagCadenceReading.Of(basis, Now, StalenessPolicy.Default, null, poll));
    }

    [Fact]
    public void Missing_then_stale_due_fresh_and_unknown_oldest_first_within_each()
    {
        var due = (Name: "due", Reading: TagCadenceReading.Of(
            CadenceCalculator.Basis(TagHistory.BaselineAt(Now - TimeSpan.FromDays(40)).ChangesAt([Now - TimeSpan.FromDays(26), Now - TimeSpan.FromDays(19), Now - TimeSpan.FromDays(12)]).Revisions),
            Now, StalenessPolicy.Default, null, PollStatus.Ok));
        (string Name, TagCadenceReading Reading)[] tags =
        [
            Tag("fresh-young", 1), Tag("unknown", null), Tag("stale-40", 40), Tag("missing-no-history", null, PollStatus.Missing),
            due, Tag("fresh-old", 20), Tag("missing", 3, PollStatus.Missing), Tag("stale-90", 90),
        ];

        var order = StalestFirst.Order(tags, t => t.Reading, t => t.Name).Select(t => t.Name);

        Assert.Equal(StalenessStatus.Due, due.Reading.Status);
        Assert.Equal(["missing", "missing-no-history", "stale-90", "stale-40", "due", "fresh-old", "fresh-young", "unknown"], order);
    }

    [Fact]
    public void Ties_go_by_canonical_reference_in_ordinal_order()
    {
        (string Name, TagCadenceReading Reading)[] tags = [Tag("docker.io/b:1", 5), Tag("docker.io/B:1", 5), Tag("docker.io/a:1", 5)];

        Assert.Equal(["docker.io/B:1", "docker.io/a:1", "docker.io/b:1"], StalestFirst.Order(tags, t => t.Reading, t => t.Name).Select(t => t.Name));
    }

    [Fact]
    public void The_rank_puts_the_most_urgent_status_first() =>
        Assert.Equal(
            [StalenessStatus.Missing, StalenessStatus.Stale, StalenessStatus.Due, StalenessStatus.Fresh, StalenessStatus.Unknown],
            Enum.GetValues<StalenessStatus>().OrderBy(StalestFirst.Rank));
}
