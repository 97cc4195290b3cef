using Monitor.Core;
using Monitor.Core.Reading;
using Monitor.Data.Watches;

namespace Monitor.Worker.Cadence;

/// <summary>A tag and its cadence reading as the API and <c>report --json</c> show them (seconds, wire names).</summary>
public sealed record TagCadenceView(
    string Reference,
    string Registry,
    string Repository,
    string Tag,
    string Group,
    string Status,
    string PollStatus,
    string? CurrentDigest,
    DateTimeOffset? LastCheckedAt,
    string? LastError,
    int ConsecutiveFailures,
    DateTimeOffset? ObservedSince,
    int RebuildEvents,
    DateTimeOffset? LastRebuildAt,
    double? AgeSeconds,
    double? MedianIntervalSeconds,
    double? MeanIntervalSeconds,
    double? P90IntervalSeconds,
    double? MinIntervalSeconds,
    double? MaxIntervalSeconds,
    int Rebuilds7d,
    int Rebuilds30d,
    int Rebuilds90d,
    double? RebuildsPerWeek,
    double? RebuildsPerMonth,
    DateTimeOffset? NextRebuildExpectedAt,
    double? StaleAfterSeconds,
    string StaleAfterRule,
    DateTimeOffset? AgeMeasuredFrom,
    string? AgeSource,
    string StatusExplanation)
{
    public static TagCadenceView From(WatchedTagRow tag, TagCadenceReading reading)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(reading);
        var (name, intervals, recent) = (tag.Reference, reading.Intervals, reading.Recent);
        return new TagCadenceView(
            name.Canonical, name.Registry, name.Repository, name.Tag, tag.WatchGroup,
            WireNames.StalenessStatuses.Name(reading.Status), WireNames.PollStatuses.Name(tag.Status), tag.CurrentDigest?.Value,
            tag.LastCheckedAt, tag.LastError, tag.ConsecutiveFailures,
            reading.ObservedSince, reading.RebuildEvents, reading.LastRebuildAt, reading.Age?.TotalSeconds,
            intervals?.Median.TotalSeconds, intervals?.Mean.TotalSeconds, intervals?.P90.TotalSeconds,
            intervals?.Min.TotalSeconds, intervals?.Max.TotalSeconds,
            recent.Last7Days, recent.Last30Days, recent.Last90Days,
            reading.RebuildsPerWeek, reading.RebuildsPerMonth, reading.NextRebuildDue,
            reading.StaleAfter.TotalSeconds, WireNames.StaleAfterRules.Name(reading.StaleAfterRule),
            reading.AgeMeasuredFrom, reading.AgeSource is { } source ? WireNames.AgeSources.Name(source) : null, reading.Explanation);
    }
}
