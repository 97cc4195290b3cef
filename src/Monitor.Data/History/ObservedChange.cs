namespace Monitor.Data.History;

/// <summary>A digest a poll saw that differs from the tag's current one.</summary>
/// <param name="Tag">The tag as the poll loaded it: its current revision is the one this change replaces.</param>
/// <param name="SeenAt">When this poll saw the new digest.</param>
public sealed record ObservedChange(
    PolledTag Tag,
    string Digest,
    string MediaType,
    DateTimeOffset SeenAt,
    DateTimeOffset? PushedAt,
    IReadOnlyList<PlatformDigest> Platforms);

public sealed record PlatformDigest(string Os, string Architecture, string Variant, string Digest);
