namespace Monitor.Data.Entities;

/// <summary>A per-platform child manifest of a multi-arch index revision.</summary>
public sealed class RevisionPlatform
{
    public long Id { get; set; }

    public long RevisionId { get; set; }

    public required string Os { get; set; }

    public required string Architecture { get; set; }

    /// <summary>Empty when the platform has no variant (never null, so it can be part of a unique key).</summary>
    public string Variant { get; set; } = "";

    public required string Digest { get; set; }
}
