namespace Monitor.Core.Staleness;

/// <summary>Which rule set the age at which a tag becomes stale.</summary>
public enum StaleAfterRule
{
    /// <summary>The policy's max age (always applies; the only rule with fewer than two rebuild events).</summary>
    MaxAge,

    /// <summary>k × the median interval between rebuild events, when that is shorter than the max age.</summary>
    MedianInterval,
}
