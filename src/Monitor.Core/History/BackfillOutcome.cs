namespace Monitor.Core.History;

/// <summary>What came of back-filling a tag from its registry's tag history (wire names in <see cref="WireNames.BackfillOutcomes"/>).</summary>
public enum BackfillOutcome
{
    /// <summary>The history was read and stored (what was already stored is not added again).</summary>
    Imported,

    /// <summary>The registry keeps no tag history Monitor can read: nothing can be back-filled there, and no request was sent.</summary>
    NotSupported,

    /// <summary>The registry keeps histories, but has none for this tag.</summary>
    NoHistory,

    /// <summary>The history could not be read (refused, unreachable, rate limited, or not a history): nothing was stored.</summary>
    Failed,
}
