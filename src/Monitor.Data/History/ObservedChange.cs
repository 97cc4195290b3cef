using Monitor.Core.References;
using Monitor.Data.Watches;

namespace Monitor.Data.History;

/// <summary>A digest a poll saw that differs from the tag's current one.</summary>
/// <param name="Tag">The tag as the poll loaded it: its current revision is the one this change replaces.</param>
/// <param name="SeenAt">When the answer that showed the new digest arrived: the change had happened by then.</param>
/// <param name="Platforms">The index's per-platform manifests; empty for a single-platform manifest.</param>
/// <param name="ImageCreatedAt">The image config's <c>created</c>, when read and sane.</param>
/// <param name="CheckedAt">
/// When the request that showed the new digest was sent: the tag's "last checked" from now on, so the next change's
/// window starts no later than the moment the registry still served this digest. Null: <paramref name="SeenAt"/>.
/// </param>
public sealed record ObservedChange(
    WatchedTagRow Tag,
    Sha256Digest Digest,
    string MediaType,
    DateTimeOffset SeenAt,
    DateTimeOffset? PushedAt,
    IReadOnlyList<PlatformDigest> Platforms,
    DateTimeOffset? ImageCreatedAt = null,
    DateTimeOffset? CheckedAt = null);
