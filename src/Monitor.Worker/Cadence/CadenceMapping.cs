using Monitor.Core.Cadence;
using Monitor.Data.Cadence;

namespace Monitor.Worker.Cadence;

internal static class CadenceMapping
{
    public static List<RevisionObservation> ToObservations(IEnumerable<StoredRevision> revisions) =>
    [
        .. revisions.Select(r => new RevisionObservation
        {
            Digest = r.Digest,
            FirstSeenAt = r.FirstSeenAt,
            PreviousCheckAt = r.PreviousCheckAt,
            PushedAt = r.PushedAt,
            IsBaseline = r.IsBaseline,
            IsRollback = r.IsRollback,
            Platforms = [.. r.Platforms.Select(p => new PlatformDigest(p.Os, p.Architecture, p.Variant, p.Digest))],
        }),
    ];
}
