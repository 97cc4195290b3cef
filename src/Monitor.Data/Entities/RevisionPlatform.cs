namespace Monitor.Data.Entities;

/// <summary>A per-platform child manifest of a multi-arch index revision.</summary>
[Table("revision_platform")]
[Index(nameof(RevisionId), nameof(Os), nameof(Architecture), nameof(Variant), IsUnique = true)]
public sealed class RevisionPlatform
{
    public long Id { get; set; }

    public long RevisionId { get; set; }

    [MaxLength(50)] public required string Os { get; set; }

    [MaxLength(50)] public required string Architecture { get; set; }

    /// <summary>Empty when the platform has no variant (never null, so it can be part of a unique key).</summary>
    [MaxLength(50)] public string Variant { get; set; } = "";

    [MaxLength(100)] public required string Digest { get; set; }
}
