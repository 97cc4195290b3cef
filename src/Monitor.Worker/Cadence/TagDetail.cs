using Monitor.Core;
using Monitor.Core.Cadence;
using Monitor.Data.History;

namespace Monitor.Worker.Cadence;

/// <summary>
/// One tag in full, as <c>GET /api/tags/{reference}</c> shows it: its <see cref="TagCadenceView"/> (read like the fleet's),
/// its revisions with platforms, its rebuild events with their detection windows, and its weekly and monthly buckets.
/// </summary>
public sealed record TagDetail(TagCadenceView Summary, IReadOnlyList<RevisionView> Revisions, IReadOnlyList<EventView> Events, IReadOnlyList<BucketView> Weekly, IReadOnlyList<BucketView> Monthly)
{
    public static TagDetail From(TagCadenceView summary, IEnumerable<StoredRevision> revisions, CadenceSummary cadence)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        return new TagDetail(summary, [.. revisions.Select(RevisionView.From)], [.. cadence.Events.Select(EventView.From)],
            [.. cadence.Weekly.Select(b => new BucketView(b.Label, b.Start, b.Count))],
            [.. cadence.Monthly.Select(b => new BucketView(b.Label, b.Start, b.Count))]);
    }
}

/// <param name="DetectedAfter">The last poll that still saw the digest before the rebuild; null when unknown.</param>
/// <param name="DetectedBy">The poll that first saw the rebuild's last change.</param>
/// <param name="Changes">Digest changes the event merged.</param>
/// <param name="IsBackfill">The event comes from the registry's tag history, not from a poll of ours.</param>
public sealed record EventView(DateTimeOffset Time, string TimeSource, DateTimeOffset? DetectedAfter, DateTimeOffset DetectedBy, int Changes, bool IsRollback, string Digest, bool IsBackfill)
{
    public static EventView From(RebuildEvent e) =>
        new(e.Time, WireNames.EventTimeSources.Name(e.TimeSource), e.DetectionWindowStart, e.DetectionWindowEnd, e.ChangeCount, e.IsRollback, e.Digest.Value, e.IsBackfill);
}

public sealed record BucketView(string Label, DateOnly Start, int Rebuilds);

/// <param name="ImageCreatedAt">The image config's <c>created</c>, when sane.</param>
/// <param name="Source">Where the revision came from (<c>poll</c>, <c>backfill</c>).</param>
/// <param name="Platforms">Each platform's manifest, e.g. <c>linux/arm64/v8=sha256:…</c>.</param>
public sealed record RevisionView(string Digest, string MediaType, DateTimeOffset FirstSeenAt, DateTimeOffset? PreviousCheckAt, DateTimeOffset? PushedAt, DateTimeOffset? ImageCreatedAt, string Source, bool IsBaseline, bool IsRollback, IReadOnlyList<string> Platforms)
{
    public static RevisionView From(StoredRevision stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var r = stored.Revision;
        return new(r.Digest.Value, stored.MediaType, r.FirstSeenAt, r.PreviousCheckAt, r.PushedAt, r.ImageCreatedAt, WireNames.RevisionSources.Name(r.Source), r.IsBaseline, r.IsRollback,
            [.. r.Platforms.Select(p => $"{p.Platform}={p.Digest}")]);
    }
}
