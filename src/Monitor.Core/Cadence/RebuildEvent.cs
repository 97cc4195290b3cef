using Monitor.Core.References;

namespace Monitor.Core.Cadence;

/// <summary>
/// One rebuild of a tag: a digest change after the baseline, or a burst of changes within the settle window.
/// </summary>
/// <param name="Time">The burst's first change: its push time when known, else its detection time.</param>
/// <param name="TimeSource">Whether <paramref name="Time"/> is a registry push time or a detection time.</param>
/// <param name="DetectionWindowStart">
/// The last poll that still saw the digest before the burst (null when unknown, e.g. back-filled history).
/// </param>
/// <param name="DetectionWindowEnd">The poll that first saw the burst's last change (for a back-filled change, the registry's time).</param>
/// <param name="ChangeCount">How many digest changes the event merged.</param>
/// <param name="IsRollback">The burst ended on a digest the tag had before.</param>
/// <param name="Digest">The tag's digest after the event.</param>
/// <param name="IsBackfill">The burst's first change came from a registry's tag history, not from a poll of ours.</param>
public readonly record struct RebuildEvent(
    DateTimeOffset Time,
    EventTimeSource TimeSource,
    DateTimeOffset? DetectionWindowStart,
    DateTimeOffset DetectionWindowEnd,
    int ChangeCount,
    bool IsRollback,
    Sha256Digest Digest,
    bool IsBackfill = false);
