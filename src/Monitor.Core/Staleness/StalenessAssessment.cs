namespace Monitor.Core.Staleness;

/// <summary>The staleness of a tag at one moment, with the thresholds that decided it.</summary>
/// <param name="Status">Fresh, due, stale, unknown or missing.</param>
/// <param name="Age">Now minus the last rebuild (or the baseline when there is none); null without history.</param>
/// <param name="StaleAfter">The age beyond which the tag is stale: the smaller of max age and k × median.</param>
/// <param name="StaleAfterRule">Which of the two set <paramref name="StaleAfter"/>.</param>
/// <param name="DueAfter">Due factor × median; null with fewer than two rebuild events (no due state then).</param>
public readonly record struct StalenessAssessment(
    StalenessStatus Status,
    TimeSpan? Age,
    TimeSpan StaleAfter,
    StaleAfterRule StaleAfterRule,
    TimeSpan? DueAfter);
