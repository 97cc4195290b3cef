using System.Text.Json.Serialization;

namespace Monitor.Registry.DockerHub;

/// <summary>A tag as the Hub API lists it. Times stay text: a malformed one must not spoil the page.</summary>
public sealed class DockerHubTag
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The manifest (or index) digest, what a HEAD on the registry would report.</summary>
    [JsonPropertyName("digest")]
    public string? Digest { get; set; }

    [JsonPropertyName("media_type")]
    public string? MediaType { get; set; }

    [JsonPropertyName("tag_last_pushed")]
    public string? TagLastPushed { get; set; }

    [JsonPropertyName("last_updated")]
    public string? LastUpdated { get; set; }

    [JsonPropertyName("images")]
    public IReadOnlyList<DockerHubImage>? Images { get; set; }
}
