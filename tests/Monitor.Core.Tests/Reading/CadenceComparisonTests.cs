using Monitor.Core.Cadence;
using Monitor.Core.History;
using Monitor.Core.Reading;
using Monitor.Core.Staleness;
using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Reading;

/// <summary>Comparing groups of tags (the vendor page): the median of the tags' medians, the mean of their monthly rates.</summary>
public sealed class CadenceComparisonTests
{
    private static readonly DateTimeOffset Now = Utc(2026, 9, 1);

    /// <summary>A tag first seen 60 days ago and rebuilt every <paramref name="everyDays"/> days since (none: never rebuilt).</summary>
    private static TagCadenceReading Tag(int? everyDays)
    {
        var history = TagHistory.BaselineAt(Now - TimeSpan.FromDays(60));
        if (everyDays is { } every)
        {
            history = history.ChangesAt([.. Enumerable.Range(1, 59 / every).Select(i => Now - TimeSpan.FromDays(60) + TimeSpan.FromDays(i * every))]);
        }

        return TagCadenceReading.Of(CadenceCalculator.Basis(history.Revisions), Now, StalenessPolicy.Default, null, PollStatus.Ok);
    }

    [Fact]
    public void A_groups_median_is_the_median_of_its_tags_medians_over_the_tags_that_have_one()
    {
        var builder = new CadenceComparison.Builder<string>();
        foreach (var every in new int?[] { 1, 3, 4, 10, null })
        {
            builder.Add("vendor", Tag(every));
        }

        var group = Assert.Single(builder.Build(name => name));

        // Medians 1, 3, 4, 10 d (the tag never rebuilt has none): (3 + 4) / 2.
        Assert.Equal(("vendor", 5, 4, TimeSpan.FromDays(3.5)), (group.Name, group.Tags, group.TagsWithInterval, group.MedianInterval));
    }

    [Fact]
    public void A_groups_rate_is_the_mean_of_its_tags_monthly_rates()
    {
        var tags = new[] { Tag(2), Tag(7), Tag(null) };
        var builder = new CadenceComparison.Builder<string>();
        foreach (var tag in tags)
        {
            builder.Add("vendor", tag);
        }

        var group = Assert.Single(builder.Build(name => name));

        // 29, 8 and 0 rebuilds over 60 days, in months of 30.436875 days.
        Assert.Equal((29 + 8 + 0) / 3.0 / (60 / 30.436875), group.RebuildsPerMonth!.Value, 9);
        Assert.Equal(tags.Average(t => t.RebuildsPerMonth!.Value), group.RebuildsPerMonth!.Value, 12);
    }

    [Fact]
    public void The_most_often_rebuilt_come_first_groups_without_a_median_last_ties_by_name()
    {
        var builder = new CadenceComparison.Builder<(string Registry, string Repository)>();
        builder.Add(("gcr.io", "distroless/static"), Tag(3));
        builder.Add(("docker.io", "library/python"), Tag(7));
        builder.Add(("cgr.dev", "chainguard/static"), Tag(1));
        builder.Add(("docker.io", "library/redis"), Tag(null));
        builder.Add(("quay.io", "a/b"), Tag(7));
        builder.Add(("docker.io", "library/alpine"), Tag(null));

        var order = builder.Build(key => $"{key.Registry}/{key.Repository}");

        Assert.Equal(
            ["cgr.dev/chainguard/static", "gcr.io/distroless/static", "docker.io/library/python", "quay.io/a/b", "docker.io/library/alpine", "docker.io/library/redis"],
            order.Select(c => c.Name));
        Assert.All(order.TakeLast(2), c => Assert.Equal((null, 0), (c.MedianInterval, c.TagsWithInterval)));
    }

    [Fact]
    public void A_group_of_tags_without_history_has_no_median_and_no_rate()
    {
        var builder = new CadenceComparison.Builder<string>();
        builder.Add("new", TagCadenceReading.Of(CadenceBasis.Empty, Now, StalenessPolicy.Default, null, PollStatus.Pending));

        var group = Assert.Single(builder.Build(name => name));

        Assert.Equal((1, 0, (TimeSpan?)null, (double?)null), (group.Tags, group.TagsWithInterval, group.MedianInterval, group.RebuildsPerMonth));
    }

    [Fact]
    public void Nothing_added_is_nothing_to_compare() =>
        Assert.Empty(new CadenceComparison.Builder<string>().Build(name => name));
}
