using Monitor.Core.Cadence;
using Monitor.Core.History;
using Monitor.Core.Staleness;

namespace Monitor.Core.Reading;

/// <summary>
/// A tag's cadence and staleness as of one moment: every number the API, the report, the metrics and the web page show,
/// computed once from the tag's <see cref="CadenceBasis"/>. They only map it to their format.
/// </summary>
public sealed class TagCadenceReading
{
    private readonly CadenceBasis basis;
    private readonly StalenessAssessment staleness;
    private readonly StalenessPolicy policy;

    private TagCadenceReading(CadenceBasis basis, DateTimeOffset at, StalenessPolicy policy, StalenessAssessment staleness)
    {
        (this.basis, this.policy, this.staleness, At) = (basis, policy, staleness, at);
        Recent = basis.RecentAt(at);
        (RebuildsPerWeek, RebuildsPerMonth) = basis.RatesAt(at);
    }

    /// <summary>The moment this reading is for.</summary>
    public DateTimeOffset At { get; }

    public StalenessStatus Status => staleness.Status;

    /// <summary>Why the tag has its status, as data.</summary>
    public StalenessReason Reason => StalenessReason.For(staleness, policy, basis);

    /// <summary>The reason in words, e.g. <c>stale: 41 d since the last rebuild &gt; 3 × median 7 d</c>.</summary>
    public string Explanation => Reason.Explanation;

    /// <summary>Now minus <see cref="AgeMeasuredFrom"/>; null without history.</summary>
    public TimeSpan? Age => staleness.Age;

    /// <summary>The last rebuild, or without one the baseline (push time when known, else first sighting).</summary>
    public DateTimeOffset? AgeMeasuredFrom => basis.AgeMeasuredFrom;

    /// <summary>What kind of time <see cref="AgeMeasuredFrom"/> is; null without history.</summary>
    public AgeSource? AgeSource => basis.AgeSource;

    /// <summary>Start of the history; null without history.</summary>
    public DateTimeOffset? ObservedSince => basis.ObservedSince;

    /// <summary>From <see cref="ObservedSince"/> to <see cref="At"/>.</summary>
    public TimeSpan? ObservedSpan => At - basis.ObservedSince;

    /// <summary>Rebuild events in the whole history.</summary>
    public int RebuildEvents => basis.EventCount;

    public DateTimeOffset? LastRebuildAt => basis.LastRebuildAt;

    /// <summary><see cref="At"/> minus <see cref="LastRebuildAt"/>; null with no rebuild.</summary>
    public TimeSpan? LastRebuildAge => At - basis.LastRebuildAt;

    /// <summary>Statistics of the intervals between rebuilds; null with fewer than two.</summary>
    public RebuildIntervals? Intervals => basis.Intervals;

    /// <summary>Rebuilds in the 7, 30 and 90 days up to <see cref="At"/>.</summary>
    public RecentRebuildCounts Recent { get; }

    /// <summary>Rebuild events per week of the observed span; null without a positive span.</summary>
    public double? RebuildsPerWeek { get; }

    /// <summary>Rebuild events per mean Gregorian month (30.436875 days) of the observed span; null without a positive span.</summary>
    public double? RebuildsPerMonth { get; }

    /// <summary>Last rebuild plus the median interval; null with fewer than two rebuilds. May be in the past (overdue).</summary>
    public DateTimeOffset? NextRebuildDue => basis.NextRebuildExpectedAt;

    /// <summary>The age beyond which the tag is stale: the smaller of max age and k × median.</summary>
    public TimeSpan StaleAfter => staleness.StaleAfter;

    /// <summary>Which rule set <see cref="StaleAfter"/>.</summary>
    public StaleAfterRule StaleAfterRule => staleness.StaleAfterRule;

    /// <summary>Due factor × median; null with fewer than two rebuilds.</summary>
    public TimeSpan? DueAfter => staleness.DueAfter;

    /// <summary>Reads a tag's cadence at a moment.</summary>
    /// <param name="basis">The tag's stored or computed cadence.</param>
    /// <param name="at">The moment (callers pass <c>TimeProvider.GetUtcNow()</c>).</param>
    /// <param name="policy">The global staleness policy.</param>
    /// <param name="overrides">The watch's own settings, merged over <paramref name="policy"/>; null for none.</param>
    /// <param name="pollStatus">What the last poll found: a tag the registry no longer has is missing, whatever its cadence.</param>
    public static TagCadenceReading Of(CadenceBasis basis, DateTimeOffset at, StalenessPolicy policy, StalenessPolicyOverrides? overrides, PollStatus pollStatus)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(policy);
        var effective = policy.WithOverrides(overrides);
        return new TagCadenceReading(basis, at, effective, StalenessEvaluator.Evaluate(basis, pollStatus == PollStatus.Missing, effective, at));
    }
}
