using System.Buffers;
using Monitor.Core.History;

namespace Monitor.Core.Cadence;

/// <summary>
/// Groups a tag's digest changes into rebuild events. A burst is anchored to its first change: a later change
/// joins it when its time is at most one settle window after the first change's time (times are push time
/// when known, else detection time). Anchoring, unlike chaining change to change, cannot merge a steady
/// cadence faster than the window into one endless burst.
/// </summary>
internal static class RebuildEventDetector
{
    /// <param name="revisions">The tag's revisions ordered by first sighting.</param>
    /// <param name="options">Settle window and optional platform.</param>
    /// <param name="reference">
    /// The revision whose digest the changes are compared against: the first revision, or in per-platform mode the
    /// first revision that had the platform; null when there is none.
    /// </param>
    public static RebuildEvent[] Detect(
        IReadOnlyList<RevisionObservation> revisions,
        CadenceOptions options,
        out RevisionObservation? reference)
    {
        // There are never more events than revisions; a pooled scratch array keeps the result exactly sized.
        var events = ArrayPool<RebuildEvent>.Shared.Rent(revisions.Count);
        var eventCount = 0;
        var platformTracker = options.Platform is { } platform ? new PlatformChangeTracker(platform, revisions.Count) : null;
        Burst? burst = null;

        for (var i = 0; i < revisions.Count; i++)
        {
            var revision = revisions[i];
            bool isRollback;
            if (platformTracker is null)
            {
                if (revision.IsBaseline)
                {
                    continue;
                }

                isRollback = revision.IsRollback;
            }
            else if (!platformTracker.IsChange(revision, out isRollback))
            {
                continue;
            }

            if (burst is { } open && revision.EffectiveTime - open.First.EffectiveTime <= options.SettleWindow)
            {
                burst = open with { Last = revision, LastIsRollback = isRollback, ChangeCount = open.ChangeCount + 1 };
                continue;
            }

            if (burst is { } finished)
            {
                events[eventCount++] = finished.ToEvent();
            }

            burst = new Burst(revision, revision, isRollback, 1);
        }

        if (burst is { } last)
        {
            events[eventCount++] = last.ToEvent();
        }

        reference = platformTracker is null
            ? (revisions.Count > 0 ? revisions[0] : null)
            : platformTracker.Reference;
        var result = events.AsSpan(0, eventCount).ToArray();
        ArrayPool<RebuildEvent>.Shared.Return(events, clearArray: true);
        return result;
    }

    private readonly record struct Burst(
        RevisionObservation First,
        RevisionObservation Last,
        bool LastIsRollback,
        int ChangeCount)
    {
        public RebuildEvent ToEvent() => new(
            Time: First.EffectiveTime,
            TimeSource: First.PushedAt is null ? EventTimeSource.Detected : EventTimeSource.Pushed,
            DetectionWindowStart: First.PreviousCheckAt,
            DetectionWindowEnd: Last.FirstSeenAt,
            ChangeCount: ChangeCount,
            IsRollback: LastIsRollback,
            Digest: Last.Digest,
            IsBackfill: First.Source == RevisionSource.Backfill);
    }
}
