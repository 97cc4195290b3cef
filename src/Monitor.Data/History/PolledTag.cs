namespace Monitor.Data.History;

/// <summary>What a poll needs to know about one watched tag.</summary>
public sealed record PolledTag(
    long Id,
    string Registry,
    string Repository,
    string Tag,
    string? CurrentDigest,
    long? CurrentRevisionId,
    DateTimeOffset? LastCheckedAt)
{
    public string Canonical => $"{Registry}/{Repository}:{Tag}";
}
