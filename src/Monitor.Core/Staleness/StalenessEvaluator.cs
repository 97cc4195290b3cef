using Monitor.Core.Cadence;

namespace Monitor.Core.Staleness;

/// <summary>Applies a <see cref="StalenessPolicy"/> to a tag's <see cref="CadenceBasis"/>.</summary>
public static class StalenessEvaluator
{
    /// <param name="cadence">The tag's cadence.</param>
    /// <param name="isMissing">The registry says the tag is gone (404).</param>
    /// <param name="policy">Global defaults with the watch's overrides already merged.</param>
    /// <param name="now">The time to judge at (callers pass <c>TimeProvider.GetUtcNow()</c>).</param>
    public static StalenessAssessment Evaluate(
        CadenceBasis cadence,
        bool isMissing,
        StalenessPolicy policy,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(policy);

        // Median is null with fewer than two events: then only the max-age rule applies.
        var median = cadence.Intervals?.Median;
        var staleAfterMedian = median * policy.StaleFactor;
        var (staleAfter, rule) = staleAfterMedian < policy.MaxAge
            ? (staleAfterMedian.Value, StaleAfterRule.MedianInterval)
            : (policy.MaxAge, StaleAfterRule.MaxAge);
        var dueAfter = median * policy.DueFactor;
        var age = now - cadence.AgeMeasuredFrom;

        var status = (isMissing, age) switch
        {
            (true, _) => StalenessStatus.Missing,
            (_, null) => StalenessStatus.Unknown,
            _ when age > staleAfter => StalenessStatus.Stale,
            _ when age > dueAfter => StalenessStatus.Due,
            _ => StalenessStatus.Fresh,
        };

        return new StalenessAssessment(status, age, staleAfter, rule, dueAfter);
    }
}
