namespace Monitor.Registry.Manifests;

// The fields Monitor reads from manifests, indexes, Docker manifest lists and image configs; JSON names are the
// camelCase of these (ManifestDocument's serializer options).

/// <summary>An image manifest, index or Docker manifest list.</summary>
internal sealed record ManifestJson(int SchemaVersion, string? MediaType, DescriptorJson? Config, List<DescriptorJson>? Layers, List<DescriptorJson>? Manifests);

internal sealed record DescriptorJson(string? MediaType, string? Digest, long Size, PlatformJson? Platform, Dictionary<string, string>? Annotations);

internal sealed record PlatformJson(string? Os, string? Architecture, string? Variant);

/// <summary>An image config.</summary>
/// <param name="Created">Kept as text: reproducible builders write odd values, and a bad date must not fail the whole read.</param>
internal sealed record ImageConfigJson(string? Os, string? Architecture, string? Variant, string? Created);
