using Monitor.Core.References;
using Monitor.Data.Watches;

namespace Monitor.Data.History;

/// <summary>A digest a poll saw that differs from the tag's current one.</summary>
/// <param name="Tag">The tag as the poll loaded it: its current revision is the one this change replaces.</param>
/// <param name="SeenAt">When this poll saw the new digest.</param>
/// <param name="Platforms">The index's per-platform manifests; empty for a single-platform manifest.</param>
public sealed record ObservedChange(
    WatchedTagRow Tag,
    Sha256Digest Digest,
    string MediaType,
    DateTimeOffset SeenAt,
    DateTimeOffset? PushedAt,
    IReadOnlyList<PlatformDigest> Platforms);
