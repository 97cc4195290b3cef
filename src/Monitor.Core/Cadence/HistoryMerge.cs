using Monitor.Core.History;
using Monitor.Core.References;

namespace Monitor.Core.Cadence;

/// <summary>
/// Merges the revisions a registry's tag history back-filled with the revisions polls recorded into the one sequence of
/// digests the event detector reads, so that nothing is counted twice. The rules (docs/cadence.md, "Back-filled
/// history"):
/// <list type="number">
/// <item>In per-platform mode back-filled revisions are left out: a history names only the tag's digest.</item>
/// <item>A back-filled entry with a placeholder time (before 2 January 1970) is left out.</item>
/// <item>A back-filled entry is the change a poll recorded when it names the polled revision's digest and its time lies in
/// that revision's detection window widened by <see cref="Tolerance"/> on both sides (of several, the newest). The polled
/// revision stands for both; it takes the entry's time as its push time when it has none.</item>
/// <item>The polled baseline is the same revision as the back-filled entry the tag pointed at when it was first seen (the
/// newest up to its first sighting, or one naming its digest up to <see cref="Tolerance"/> later) when they name the same
/// digest: no rebuild. Otherwise the baseline is a change after that entry: a rebuild whose detection window has no start.</item>
/// <item>The oldest revision, when back-filled, starts the history like a baseline: not a rebuild.</item>
/// <item>A back-filled entry naming the digest the tag already had (the revision before it in the merged sequence) is no
/// change: repeats and duplicates count once.</item>
/// <item>A change is a rollback when its digest appears earlier in the merged sequence; a polled revision no entry matched
/// also when it was stored as one.</item>
/// </list>
/// A history without back-filled revisions is returned as it is.
/// </summary>
internal static class HistoryMerge
{
    /// <summary>
    /// How far a registry's time may lie outside a poll's detection window and still be that poll's change: the clocks of
    /// registry and Monitor differ, and a window's ends are the times of requests, not of the registry's writes.
    /// </summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(10);

    /// <summary>Earlier than this is a placeholder (0, the 1970 epoch, Go's zero time), not a registry's record.</summary>
    private static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch.AddDays(1);

    /// <param name="revisions">One tag's revisions ordered by first sighting (a back-filled revision's is the registry's time).</param>
    public static IReadOnlyList<RevisionObservation> Merge(IReadOnlyList<RevisionObservation> revisions, CadenceOptions options)
    {
        if (!HasBackfill(revisions))
        {
            return revisions;
        }

        if (options.Platform is not null)
        {
            return [.. revisions.Where(r => r.Source != RevisionSource.Backfill)];
        }

        // A back-filled revision's time is its first_seen_at: the registry's time, which is also its push time.
        var backfilled = revisions.Where(r => r.Source == RevisionSource.Backfill && r.FirstSeenAt >= Earliest).ToList();
        var polled = revisions.Where(r => r.Source != RevisionSource.Backfill).ToList();
        var matches = MatchPolledChanges(polled, backfilled);
        var matched = new HashSet<RevisionObservation>(matches.Values, ReferenceEqualityComparer.Instance);
        var baselineIsSame = polled.Find(r => r.IsBaseline) is not { } baseline || BaselineIsSameRevision(baseline, backfilled, matched);

        var merged = new List<RevisionObservation>(revisions.Count);
        var seen = new HashSet<Sha256Digest>();
        Sha256Digest? current = null;
        foreach (var revision in revisions)
        {
            RevisionObservation next;
            if (revision.Source == RevisionSource.Backfill)
            {
                if (revision.FirstSeenAt < Earliest || matched.Contains(revision) || revision.Digest == current)
                {
                    continue;
                }

                next = revision with
                {
                    PushedAt = revision.FirstSeenAt,
                    PreviousCheckAt = null,
                    IsBaseline = merged.Count == 0,
                    IsRollback = merged.Count > 0 && seen.Contains(revision.Digest),
                };
            }
            else if (revision.IsBaseline)
            {
                if (merged.Count > 0 && baselineIsSame)
                {
                    // The same revision as a back-filled entry (rule 4): it neither counts nor moves the tag; that entry does.
                    merged.Add(revision);
                    continue;
                }

                next = merged.Count == 0 ? revision : revision with { IsBaseline = false, IsRollback = seen.Contains(revision.Digest) };
            }
            else if (matches.TryGetValue(revision, out var entry))
            {
                next = revision with { PushedAt = revision.PushedAt ?? entry.FirstSeenAt, IsRollback = seen.Contains(revision.Digest) };
            }
            else
            {
                next = revision.IsRollback || !seen.Contains(revision.Digest) ? revision : revision with { IsRollback = true };
            }

            merged.Add(next);
            seen.Add(revision.Digest);
            current = revision.Digest;
        }

        return merged;
    }

    private static bool HasBackfill(IReadOnlyList<RevisionObservation> revisions)
    {
        for (var i = 0; i < revisions.Count; i++)
        {
            if (revisions[i].Source == RevisionSource.Backfill)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rule 3: each polled change with the back-filled entry that is the same change, if any.</summary>
    private static Dictionary<RevisionObservation, RevisionObservation> MatchPolledChanges(List<RevisionObservation> polled, List<RevisionObservation> backfilled)
    {
        var matches = new Dictionary<RevisionObservation, RevisionObservation>(ReferenceEqualityComparer.Instance);
        var taken = new HashSet<RevisionObservation>(ReferenceEqualityComparer.Instance);
        var byDigest = backfilled.ToLookup(r => r.Digest);
        foreach (var revision in polled)
        {
            if (revision.IsBaseline)
            {
                continue;
            }

            var (from, to) = ((revision.PreviousCheckAt ?? DateTimeOffset.MinValue + Tolerance) - Tolerance, revision.FirstSeenAt + Tolerance);
            var entry = byDigest[revision.Digest].LastOrDefault(e => e.FirstSeenAt >= from && e.FirstSeenAt <= to && !taken.Contains(e));
            if (entry is not null)
            {
                matches[revision] = entry;
                taken.Add(entry);
            }
        }

        return matches;
    }

    /// <summary>Rule 4: whether the baseline is the back-filled entry in effect when it was first seen (or no entry was).</summary>
    private static bool BaselineIsSameRevision(RevisionObservation baseline, List<RevisionObservation> backfilled, HashSet<RevisionObservation> matched)
    {
        var unmatched = backfilled.Where(e => !matched.Contains(e)).ToList();
        var inEffect = unmatched.LastOrDefault(e => e.FirstSeenAt <= baseline.FirstSeenAt);
        if (inEffect is null || inEffect.Digest == baseline.Digest)
        {
            return true;
        }

        // The registry's clock may run behind ours: its record of the baseline's digest can come a little after the sighting.
        return unmatched.Exists(e => e.Digest == baseline.Digest && e.FirstSeenAt > baseline.FirstSeenAt && e.FirstSeenAt <= baseline.FirstSeenAt + Tolerance);
    }
}
