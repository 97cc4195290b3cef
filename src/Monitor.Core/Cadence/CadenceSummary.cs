namespace Monitor.Core.Cadence;

/// <summary>
/// How often one tag is rebuilt, as of a given now. Values that need data the history does not have are
/// null (unknown), never estimated.
/// </summary>
public sealed record CadenceSummary
{
    public static CadenceSummary Empty { get; } = new();

    /// <summary>Rebuild events, oldest first.</summary>
    public IReadOnlyList<RebuildEvent> Events { get; init; } = [];

    /// <summary>Start of the history: the baseline's first sighting, or an earlier event time. Null without history.</summary>
    public DateTimeOffset? ObservedSince { get; init; }

    /// <summary>From <see cref="ObservedSince"/> to now.</summary>
    public TimeSpan? ObservedSpan { get; init; }

    /// <summary>Time of the newest rebuild event; null with no event.</summary>
    public DateTimeOffset? LastRebuildAt { get; init; }

    /// <summary>Now minus <see cref="LastRebuildAt"/>.</summary>
    public TimeSpan? LastRebuildAge { get; init; }

    /// <summary>
    /// What the tag's age (for staleness) counts from: the last rebuild event, or, when there is none, the
    /// baseline (push time when known, else first sighting) — a lower bound of the image's age.
    /// </summary>
    public DateTimeOffset? AgeMeasuredFrom { get; init; }

    /// <summary>Interval statistics; null with fewer than two events.</summary>
    public RebuildIntervals? Intervals { get; init; }

    /// <summary>Last rebuild plus the median interval; null with fewer than two events. May be in the past (overdue).</summary>
    public DateTimeOffset? NextRebuildExpectedAt { get; init; }

    public RecentRebuildCounts Recent { get; init; }

    /// <summary>Events divided by the observed span in weeks; null without a positive span.</summary>
    public double? RebuildsPerWeek { get; init; }

    /// <summary>Events divided by the observed span in mean Gregorian months (30.436875 days); null without a positive span.</summary>
    public double? RebuildsPerMonth { get; init; }

    /// <summary>Every ISO week from the start of the history to now, zeros included.</summary>
    public IReadOnlyList<IsoWeekBucket> Weekly { get; init; } = [];

    /// <summary>Every calendar month from the start of the history to now, zeros included.</summary>
    public IReadOnlyList<MonthBucket> Monthly { get; init; } = [];
}
