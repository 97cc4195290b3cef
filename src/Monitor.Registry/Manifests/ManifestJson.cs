using System.Text.Json.Serialization;

namespace Monitor.Registry.Manifests;

/// <summary>The fields Monitor reads from an image manifest, index or Docker manifest list.</summary>
internal sealed class ManifestJson
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; set; }

    [JsonPropertyName("config")]
    public DescriptorJson? Config { get; set; }

    [JsonPropertyName("layers")]
    public List<DescriptorJson>? Layers { get; set; }

    [JsonPropertyName("manifests")]
    public List<DescriptorJson>? Manifests { get; set; }
}

internal sealed class DescriptorJson
{
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; set; }

    [JsonPropertyName("digest")]
    public string? Digest { get; set; }

    [JsonPropertyName("size")]
    public long Size { get; set; }

    [JsonPropertyName("platform")]
    public PlatformJson? Platform { get; set; }

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }
}

internal sealed class PlatformJson
{
    [JsonPropertyName("os")]
    public string? Os { get; set; }

    [JsonPropertyName("architecture")]
    public string? Architecture { get; set; }

    [JsonPropertyName("variant")]
    public string? Variant { get; set; }
}

/// <summary>The image config fields Monitor reads.</summary>
internal sealed class ImageConfigJson
{
    [JsonPropertyName("os")]
    public string? Os { get; set; }

    [JsonPropertyName("architecture")]
    public string? Architecture { get; set; }

    [JsonPropertyName("variant")]
    public string? Variant { get; set; }

    /// <summary>Kept as text: reproducible builders write odd values, and a bad date must not fail the whole read.</summary>
    [JsonPropertyName("created")]
    public string? Created { get; set; }
}
