using Monitor.Core.Cadence;

namespace Monitor.Data.Entities;

/// <summary>
/// A watched tag's cadence as last computed from its full history (the time-independent part; see
/// <c>Monitor.Core.Cadence.CadenceBasis</c>), so a starting replica loads the fleet's cadence instead of re-reading every
/// revision. Derived data: it can be deleted at any time and is rebuilt from the history.
/// </summary>
[Table("tag_cadence")]
public sealed class TagCadenceSummary
{
    /// <summary>One summary per tag, deleted with it.</summary>
    [Key]
    [DatabaseGenerated(DatabaseGeneratedOption.None)]
    public long WatchedTagId { get; set; }

    /// <summary>The tag's current revision when this was computed: the summary holds while it still is.</summary>
    public long ThroughRevisionId { get; set; }

    /// <summary>The tag's newest back-filled revision when this was computed (null: none): a back-fill adds older rows without changing the current revision.</summary>
    public long? ThroughBackfillRevisionId { get; set; }

    /// <summary>The definitions it was computed under (<c>CadenceOptions.Fingerprint</c>): a summary is reused only under the same.</summary>
    [MaxLength(200)] public required string Definition { get; set; }

    public DateTimeOffset ComputedAt { get; set; }

    public int EventCount { get; set; }

    /// <summary>These four as in <see cref="CadenceBasis"/>; null without history (the last rebuild: without a rebuild).</summary>
    public DateTimeOffset? ObservedSince { get; set; }

    public DateTimeOffset? LastRebuildAt { get; set; }

    public DateTimeOffset? AgeMeasuredFrom { get; set; }

    /// <summary>Stored as its wire name: <c>pushed</c>, <c>created</c> or <c>first-seen</c>.</summary>
    public AgeSource? AgeSource { get; set; }

    /// <summary>Intervals between events (events − 1); the interval columns are null when it is zero.</summary>
    public int IntervalCount { get; set; }

    public TimeSpan? IntervalMin { get; set; }

    public TimeSpan? IntervalMedian { get; set; }

    public TimeSpan? IntervalMean { get; set; }

    public TimeSpan? IntervalP90 { get; set; }

    public TimeSpan? IntervalMax { get; set; }

    /// <summary>
    /// Event times no more than 90 days before the last rebuild, ascending, packed as big-endian int64 microseconds since
    /// the Unix epoch (8 bytes each). Packed because every replica start reads all of them: as <c>timestamptz[]</c> the
    /// fleet's 900,000 elements took PostgreSQL and Npgsql several times longer to produce and decode.
    /// </summary>
    public byte[] RecentRebuilds { get; set; } = [];
}
