using System.Globalization;
using Monitor.Core.Cadence;
using Monitor.Core.Reading;

namespace Monitor.Core.Staleness;

/// <summary>
/// Why a tag has its status, as data: the age and the limit it was compared with (stale and due: the limit it
/// exceeds; fresh: the nearest limit it does not), or nothing to compare (missing, unknown). <see cref="Explanation"/>
/// says it in words.
/// </summary>
/// <param name="Age">The tag's age; null without history.</param>
/// <param name="SinceLastRebuild">The age counts from the last rebuild; else from the baseline (see <paramref name="AgeSource"/>).</param>
/// <param name="AgeSource">What kind of time the age counts from; null without history.</param>
/// <param name="Limit">The limit the age was compared with; null for missing and unknown.</param>
public sealed record StalenessReason(
    StalenessStatus Status,
    TimeSpan? Age,
    bool SinceLastRebuild,
    AgeSource? AgeSource,
    StalenessLimit? Limit)
{
    /// <summary>E.g. <c>stale: 41 d since the last rebuild &gt; 3 × median 7 d</c>, <c>unknown: no digest seen yet</c>.</summary>
    public string Explanation => (Status, Age, Limit) switch
    {
        (StalenessStatus.Missing, _, _) => "missing: the registry answers 404",
        (_, { } age, { } limit) => $"{WireNames.StalenessStatuses.Name(Status)}: {DurationText.Format(age)} {Since()} {(Status == StalenessStatus.Fresh ? "≤" : ">")} {Describe(limit)}",
        _ => "unknown: no digest seen yet",
    };

    public override string ToString() => Explanation;

    internal static StalenessReason For(StalenessAssessment assessment, StalenessPolicy policy, CadenceBasis cadence)
    {
        var median = cadence.Intervals?.Median;
        var staleLimit = assessment.StaleAfterRule == StaleAfterRule.MedianInterval
            ? new StalenessLimit(StalenessLimitKind.StaleFactor, assessment.StaleAfter, policy.StaleFactor, median)
            : new StalenessLimit(StalenessLimitKind.MaxAge, assessment.StaleAfter, null, null);
        StalenessLimit? dueLimit = assessment.DueAfter is { } dueAfter
            ? new StalenessLimit(StalenessLimitKind.DueFactor, dueAfter, policy.DueFactor, median)
            : null;
        StalenessLimit? limit = assessment.Status switch
        {
            StalenessStatus.Stale => staleLimit,
            StalenessStatus.Due => dueLimit,
            StalenessStatus.Fresh => dueLimit is { } due && due.Value < staleLimit.Value ? due : staleLimit,
            _ => null,
        };
        return new StalenessReason(assessment.Status, assessment.Age, cadence.LastRebuildAt is not null, cadence.AgeSource, limit);
    }

    private string Since() => SinceLastRebuild
        ? "since the last rebuild"
        : AgeSource switch
        {
            Cadence.AgeSource.Pushed => "since it was pushed",
            Cadence.AgeSource.Created => "since it was built",
            _ => "since first seen",
        };

    private static string Describe(StalenessLimit limit) => limit.Factor is { } factor && limit.Median is { } median
        ? string.Create(CultureInfo.InvariantCulture, $"{factor:0.##} × median {DurationText.Format(median)}")
        : $"max age {DurationText.Format(limit.Value)}";
}
