using Monitor.Core.Cadence;

namespace Monitor.Core.Reading;

/// <summary>
/// How often the tags of one group (a registry, a repository) are rebuilt, to compare vendors: the median of the tags'
/// median intervals, and the mean of their rebuilds per month. Defined here once; the web page only draws it.
/// </summary>
/// <param name="Key">The group, e.g. <c>gcr.io</c> or <c>gcr.io/distroless/static-debian12</c>.</param>
/// <param name="Tags">Tags in the group.</param>
/// <param name="TagsWithInterval">Tags with a median interval (two rebuilds or more): the group's median is over these.</param>
/// <param name="MedianInterval">The median of those tags' median intervals; null when no tag has one.</param>
/// <param name="RebuildsPerMonth">The mean of the tags' <see cref="TagCadenceReading.RebuildsPerMonth"/>; null when no tag has a rate.</param>
public sealed record CadenceComparison(string Key, int Tags, int TagsWithInterval, TimeSpan? MedianInterval, double? RebuildsPerMonth)
{
    /// <summary>
    /// One comparison per distinct key, the most often rebuilt first: by median interval ascending, groups without one
    /// last, ties by key (ordinal).
    /// </summary>
    public static IReadOnlyList<CadenceComparison> By<T>(IEnumerable<T> items, Func<T, string> key, Func<T, TagCadenceReading> reading)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(reading);
        return
        [
            .. items.GroupBy(key, StringComparer.Ordinal)
                .Select(group => Of(group.Key, [.. group.Select(reading)]))
                .OrderBy(c => c.MedianInterval is null)
                .ThenBy(c => c.MedianInterval)
                .ThenBy(c => c.Key, StringComparer.Ordinal),
        ];
    }

    private static CadenceComparison Of(string key, List<TagCadenceReading> readings)
    {
        var medians = readings.Where(r => r.Intervals is not null).Select(r => r.Intervals!.Median.Ticks).Order().ToArray();
        var rates = readings.Where(r => r.RebuildsPerMonth is not null).Select(r => r.RebuildsPerMonth!.Value).ToList();
        return new CadenceComparison(
            key,
            readings.Count,
            medians.Length,
            medians.Length == 0 ? null : TimeSpan.FromTicks((long)Math.Round(Percentile.Continuous(medians, 0.5))),
            rates.Count == 0 ? null : rates.Average());
    }
}
