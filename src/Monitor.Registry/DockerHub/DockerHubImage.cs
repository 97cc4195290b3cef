using System.Text.Json.Serialization;

namespace Monitor.Registry.DockerHub;

/// <summary>One platform image of a Hub tag.</summary>
public sealed class DockerHubImage
{
    [JsonPropertyName("architecture")]
    public string? Architecture { get; set; }

    [JsonPropertyName("os")]
    public string? Os { get; set; }

    [JsonPropertyName("variant")]
    public string? Variant { get; set; }

    [JsonPropertyName("digest")]
    public string? Digest { get; set; }

    [JsonPropertyName("last_pushed")]
    public string? LastPushed { get; set; }
}
