using Monitor.Core;
using Monitor.Core.Cadence;
using Monitor.Core.Staleness;

namespace Monitor.Worker.Cadence;

/// <summary>A tag's cadence and staleness as of one moment: what the API, the report and the metrics show.</summary>
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
    string StaleAfterRule)
{
    public static TagCadenceView Project(TagCadence cadence, StalenessPolicy globalPolicy, DateTimeOffset now) =>
        Project(cadence, Assess(cadence, globalPolicy, now), now);

    /// <summary>The tag's staleness at <paramref name="now"/>: the global policy with the watch's overrides.</summary>
    public static StalenessAssessment Assess(TagCadence cadence, StalenessPolicy globalPolicy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(globalPolicy);
        var tag = cadence.Tag;
        var policy = globalPolicy.WithOverrides(tag.Staleness);
        return StalenessEvaluator.Evaluate(cadence.Cadence, tag.Status == Core.History.PollStatus.Missing, policy, now);
    }

    /// <param name="staleness">From <see cref="Assess"/> for the same <paramref name="now"/>.</param>
    public static TagCadenceView Project(TagCadence cadence, StalenessAssessment staleness, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(staleness);
        var (tag, summary) = (cadence.Tag, cadence.Cadence);
        var intervals = summary.Intervals;
        var span = summary.ObservedSince is { } since ? now - since : (TimeSpan?)null;
        return new TagCadenceView(
            tag.Reference.Canonical, tag.Reference.Registry, tag.Reference.Repository, tag.Reference.Tag, tag.WatchGroup,
            WireNames.StalenessStatuses.Name(staleness.Status), WireNames.PollStatuses.Name(tag.Status), tag.CurrentDigest?.Value, tag.LastCheckedAt, tag.LastError,
            tag.ConsecutiveFailures, summary.ObservedSince, summary.EventCount,
            summary.LastRebuildAt,
            staleness.Age?.TotalSeconds,
            intervals?.Median.TotalSeconds, intervals?.Mean.TotalSeconds, intervals?.P90.TotalSeconds,
            intervals?.Min.TotalSeconds, intervals?.Max.TotalSeconds,
            summary.RebuildsSince(now - TimeSpan.FromDays(7)),
            summary.RebuildsSince(now - TimeSpan.FromDays(30)),
            summary.RebuildsSince(now - TimeSpan.FromDays(90)),
            PerSpan(summary, span, TimeSpan.FromDays(7)),
            PerSpan(summary, span, TimeSpan.FromDays(365.2425 / 12)),
            summary.NextRebuildExpectedAt,
            staleness.StaleAfter.TotalSeconds,
            WireNames.StaleAfterRules.Name(staleness.StaleAfterRule));
    }

    private static double? PerSpan(CadenceBasis cadence, TimeSpan? span, TimeSpan unit) =>
        span is { } observed && observed > TimeSpan.Zero ? cadence.EventCount / (observed / unit) : null;
}
