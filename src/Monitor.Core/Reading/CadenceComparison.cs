using Monitor.Core.Cadence;

namespace Monitor.Core.Reading;

/// <summary>
/// How often the tags of one group (a registry, a repository) are rebuilt, to compare vendors: the median of the tags'
/// median intervals, and the mean of their rebuilds per month. Defined here once; the web page only draws it.
/// </summary>
/// <param name="Name">The group, e.g. <c>gcr.io</c> or <c>gcr.io/distroless/static-debian12</c>.</param>
/// <param name="Tags">Tags in the group.</param>
/// <param name="TagsWithInterval">Tags with a median interval (two rebuilds or more): the group's median is over these.</param>
/// <param name="MedianInterval">The median of those tags' median intervals; null when no tag has one.</param>
/// <param name="RebuildsPerMonth">The mean of the tags' <see cref="TagCadenceReading.RebuildsPerMonth"/>; null when no tag has a rate.</param>
public sealed record CadenceComparison(string Name, int Tags, int TagsWithInterval, TimeSpan? MedianInterval, double? RebuildsPerMonth)
{
    /// <summary>
    /// Collects readings one at a time into groups (nothing but two numbers per tag is kept, so a fleet of 10,000 is
    /// compared without holding its readings).
    /// </summary>
    /// <typeparam name="TKey">What tells the groups apart (e.g. a registry and a repository, without making a string per tag).</typeparam>
    public sealed class Builder<TKey>
        where TKey : notnull
    {
        private readonly Dictionary<TKey, Group> groups = [];

        public void Add(TKey key, TagCadenceReading reading)
        {
            ArgumentNullException.ThrowIfNull(reading);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new Group();
            }

            group.Tags++;
            if (reading.Intervals is { } intervals)
            {
                group.Medians.Add(intervals.Median.Ticks);
            }

            if (reading.RebuildsPerMonth is { } rate)
            {
                (group.RateSum, group.Rates) = (group.RateSum + rate, group.Rates + 1);
            }
        }

        /// <summary>One comparison per group, the most often rebuilt first: by median interval, groups without one last, ties by name (ordinal).</summary>
        /// <param name="name">The group's name as shown.</param>
        public IReadOnlyList<CadenceComparison> Build(Func<TKey, string> name)
        {
            ArgumentNullException.ThrowIfNull(name);
            return
            [
                .. groups.Select(pair => pair.Value.ToComparison(name(pair.Key)))
                    .OrderBy(c => c.MedianInterval is null)
                    .ThenBy(c => c.MedianInterval)
                    .ThenBy(c => c.Name, StringComparer.Ordinal),
            ];
        }

        private sealed class Group
        {
            public int Tags { get; set; }

            public List<long> Medians { get; } = [];

            public double RateSum { get; set; }

            public int Rates { get; set; }

            public CadenceComparison ToComparison(string name)
            {
                Medians.Sort();
                return new CadenceComparison(
                    name,
                    Tags,
                    Medians.Count,
                    Medians.Count == 0 ? null : TimeSpan.FromTicks((long)Math.Round(Percentile.Continuous(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Medians), 0.5))),
                    Rates == 0 ? null : RateSum / Rates);
            }
        }
    }
}
