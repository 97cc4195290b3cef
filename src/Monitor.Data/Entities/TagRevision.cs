using Monitor.Core.History;

namespace Monitor.Data.Entities;

/// <summary>One digest a tag pointed at, from the poll that first saw it.</summary>
[Table("tag_revision")]
[Index(nameof(WatchedTagId), nameof(Digest), nameof(FirstSeenAt), IsUnique = true)]
[Index(nameof(WatchedTagId), nameof(FirstSeenAt))]
public sealed class TagRevision
{
    public long Id { get; set; }

    public long WatchedTagId { get; set; }

    public WatchedTag? WatchedTag { get; set; }

    /// <summary>
    /// The revision this one replaced (null for the baseline). Unique per tag, so two replicas
    /// racing on the same change, or a replayed poll, can never insert two successors.
    /// </summary>
    public long? PreviousRevisionId { get; set; }

    [MaxLength(100)] public required string Digest { get; set; }

    [MaxLength(200)] public required string MediaType { get; set; }

    /// <summary>When a poll first saw this digest.</summary>
    public DateTimeOffset FirstSeenAt { get; set; }

    /// <summary>The last poll that still saw the previous digest: the change happened in between.</summary>
    public DateTimeOffset? PreviousCheckAt { get; set; }

    /// <summary>Registry-reported push time, when the registry tells.</summary>
    public DateTimeOffset? PushedAt { get; set; }

    /// <summary>Image config <c>created</c>, when it is a sane time (not 1970 / 0001).</summary>
    public DateTimeOffset? ImageCreatedAt { get; set; }

    public RevisionSource Source { get; set; }

    /// <summary>The first sighting of the tag: a starting point, not a rebuild.</summary>
    public bool IsBaseline { get; set; }

    /// <summary>The tag went back to a digest it had before.</summary>
    public bool IsRollback { get; set; }

    [ForeignKey(nameof(RevisionPlatform.RevisionId))]
    public List<RevisionPlatform> Platforms { get; } = [];
}
