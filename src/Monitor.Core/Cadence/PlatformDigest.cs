namespace Monitor.Core.Cadence;

/// <summary>One per-platform child manifest of a multi-arch index revision.</summary>
/// <param name="Os">E.g. <c>linux</c>.</param>
/// <param name="Architecture">E.g. <c>amd64</c>, <c>arm64</c>.</param>
/// <param name="Variant">E.g. <c>v8</c>; null or empty when the platform has none.</param>
/// <param name="Digest">The child manifest's digest.</param>
public sealed record PlatformDigest(string Os, string Architecture, string? Variant, string Digest);
