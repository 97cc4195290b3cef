using Monitor.Core.References;

namespace Monitor.Worker.Polling;

/// <summary>What a new digest is, read once when a poll first sees it.</summary>
/// <param name="MediaType">The manifest's own media type, as fetched.</param>
/// <param name="Platforms">The per-platform child digests of an index; for a single-platform image its own platform (or none).</param>
/// <param name="ImageCreatedAt">The image config's <c>created</c> when it was read and is a real time; else null.</param>
public sealed record DigestDetails(string MediaType, IReadOnlyList<PlatformDigest> Platforms, DateTimeOffset? ImageCreatedAt);
