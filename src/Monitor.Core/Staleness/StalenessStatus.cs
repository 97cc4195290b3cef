namespace Monitor.Core.Staleness;

/// <summary>
/// How stale a watched tag is now. (Not named <c>Staleness</c>: a type named like its own namespace
/// breaks name lookup in every sibling <c>Monitor.Core.*</c> namespace.)
/// </summary>
public enum StalenessStatus
{
    /// <summary>Rebuilt recently enough.</summary>
    Fresh,

    /// <summary>Older than the due factor times the median interval: a rebuild is expected soon.</summary>
    Due,

    /// <summary>Older than the max age, or than k times the median interval.</summary>
    Stale,

    /// <summary>No history to judge from.</summary>
    Unknown,

    /// <summary>The tag is gone from the registry.</summary>
    Missing,
}
