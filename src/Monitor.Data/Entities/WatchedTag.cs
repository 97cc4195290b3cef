using Monitor.Core.History;

namespace Monitor.Data.Entities;

[Table("watched_tag")]
[Index(nameof(Registry), nameof(Repository), nameof(Tag), IsUnique = true)]
[Index(nameof(WatchGroup))]
public sealed class WatchedTag
{
    public long Id { get; set; }

    /// <summary>Normalised registry host, e.g. <c>docker.io</c>.</summary>
    [MaxLength(255)] public required string Registry { get; set; }

    /// <summary>Repository path, e.g. <c>library/python</c>.</summary>
    [MaxLength(255)] public required string Repository { get; set; }

    [MaxLength(128)] public required string Tag { get; set; }

    public WatchSource Source { get; set; }

    [MaxLength(100)] public required string WatchGroup { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    public bool Enabled { get; set; } = true;

    [MaxLength(100)] public string? CurrentDigest { get; set; }

    /// <summary>The newest revision; a new revision must name it as its predecessor (see <see cref="TagRevision.PreviousRevisionId"/>).</summary>
    public long? CurrentRevisionId { get; set; }

    /// <summary>
    /// The newest revision a back-fill wrote (back-filled rows stay out of the chain, so the current revision does not
    /// change): with <see cref="CurrentRevisionId"/> it names the history a stored cadence covers.
    /// </summary>
    public long? BackfillRevisionId { get; set; }

    /// <summary>When the registry's tag history was last imported, or found to hold nothing to import; null: never.</summary>
    public DateTimeOffset? BackfilledAt { get; set; }

    /// <summary>When a back-fill was last tried, whatever came of it (a failed one is retried after <c>Backfill:RetryInterval</c>).</summary>
    public DateTimeOffset? BackfillAttemptedAt { get; set; }

    public DateTimeOffset? LastCheckedAt { get; set; }

    public DateTimeOffset? LastChangedAt { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>Why the last poll failed, secret-free.</summary>
    [MaxLength(1000)] public string? LastError { get; set; }

    public PollStatus Status { get; set; } = PollStatus.Pending;

    /// <summary>Per-watch staleness override: stale when older than this.</summary>
    public TimeSpan? StaleAfter { get; set; }

    /// <summary>Per-watch staleness override: stale when older than this many median intervals.</summary>
    public double? StaleFactor { get; set; }

    public List<TagRevision> Revisions { get; } = [];
}
